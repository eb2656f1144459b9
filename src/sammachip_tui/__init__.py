"""sammachip-tui: the offline field tool for the CDD สัมมาชีพชุมชน programme."""

__version__ = "0.1.0"
