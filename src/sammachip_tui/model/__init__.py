"""Domain models and Thai helpers. Textual-free (a test imports this without Textual)."""
