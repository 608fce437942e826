"""Imported once by the fork server that starts worker processes (see `pipeline.worker`): it builds
the default extractors there, so every worker forked from it starts with the rules compiled
instead of spending half a second compiling them for each batch, and it imports every file
loader (the package imports each only when first asked), so workers share them too."""

from __future__ import annotations

from duban.pipeline.extract import DEFAULT_EXTRACTORS, cached_extractors
from duban.pipeline.loaders import preload

cached_extractors(DEFAULT_EXTRACTORS)
preload()
