"""The rule book: loading, validating and compiling the YAML rules under rules/."""

from pipeline.rulebook.loader import RuleBook, RuleBookError, load_rulebook

__all__ = ["RuleBook", "RuleBookError", "load_rulebook"]
