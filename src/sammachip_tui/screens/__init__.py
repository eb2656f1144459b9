"""Textual screens. They call model/store/reports; nothing below them imports Textual."""
