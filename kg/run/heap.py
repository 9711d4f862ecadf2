"""One garbage-collector setting for a build: off, from the first file to the last output.

A build piles up millions of small objects (sentences, measures, graph attributes) that stay
alive until it ends, and each full collection walked them all again: a tenth of a large
build. None of it is cyclic garbage a collection could free, so the collector is paused for
the build, and the process pool forked inside inherits the pause (nor do the workers' pages
get copied on write by the collector touching what they inherited).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block; nested use is harmless."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
