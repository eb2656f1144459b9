"""Reports and exports (village summaries, CDD register, spreadsheets). Textual-free."""
