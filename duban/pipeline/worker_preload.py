"""Imported once by the fork server that starts worker processes (see `pipeline.worker`): it builds
the default extractors there, so every worker forked from it starts with the rules compiled
instead of spending half a second compiling them for each batch. The file loaders a batch needs
are imported beside it, by name (`ingest.loader_modules`): only those, since every module the
fork server holds is resident in each worker too (the PDF and Word loaders, 9 MB, counted three
times over in a batch of text files that never used them); an ingest's server then reads the
segmenter's dictionary (`ingest_preload`). It also bounds the unit names' word starts each
worker keeps (`spellings.WORKER_NAMES_KEPT`), which grew with every new name."""

from __future__ import annotations

from duban.index.spellings import WORKER_NAMES_KEPT, keep_names
from duban.pipeline.extract import DEFAULT_EXTRACTORS, cached_extractors

cached_extractors(DEFAULT_EXTRACTORS)
keep_names(WORKER_NAMES_KEPT)  # a worker cuts its documents' unit names, one document at a time
