"""Domain models and Thai helpers. Textual-free (a test imports this without Textual)."""

import os

# pydantic looks for plugins (entry points of every installed distribution) when it builds
# the first validator: a scan of all site-packages that costs a Pi tens of milliseconds at
# start. The app uses none; an environment that sets this itself keeps its own value.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
