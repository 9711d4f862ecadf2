"""One exception hierarchy, so callers can catch everything policykg raises with one clause."""


class KGError(Exception):
    """Base class of every error policykg raises on purpose."""


class InputError(KGError):
    """An input path or file cannot be read or decoded.

    ``path`` and ``reason`` are kept apart so that a batch can list skipped files as
    ``path: reason`` without naming the file twice.
    """

    def __init__(self, reason: str, path: str | None = None) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.reason = reason
        self.path = path

    def __reduce__(self) -> tuple:
        # crosses process boundaries (worker pools, Dask) with its path and reason apart
        return (type(self), (self.reason, self.path))


class RuleError(KGError):
    """A rule file is missing or malformed."""


class OutputError(KGError):
    """An output location cannot be written."""
