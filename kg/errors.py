"""One exception hierarchy, so callers can catch everything policykg raises with one clause."""


class KGError(Exception):
    """Base class of every error policykg raises on purpose."""


class InputError(KGError):
    """An input path or file cannot be read or decoded."""


class RuleError(KGError):
    """A rule file is missing or malformed."""


class OutputError(KGError):
    """An output location cannot be written."""
