"""Extract: article text to event mentions, each field citing the rule that set it."""
