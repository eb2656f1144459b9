"""Textual widgets for data entry."""
