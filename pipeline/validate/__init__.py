"""Validate: pandera models per table; failing rows are quarantined, never dropped silently."""
