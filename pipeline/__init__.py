"""conflict-events: compile news articles into an ACLED-style conflict-event dataset."""

__version__ = "0.1.0"
