"""Occupation groups proposed from the register and the forum (no Textual here)."""
