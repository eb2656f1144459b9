"""Storage: journal, op log, clocks, atomic TinyDB shards, the workspace. Textual-free."""
