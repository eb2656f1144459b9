"""``python -m sammachip_tui``: the same as the ``sammachip`` command."""

import sys

from sammachip_tui.cli import main

sys.exit(main())
