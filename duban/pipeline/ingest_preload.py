"""Imported by the ingest's fork server after `worker_preload` and the loaders, last
(`ingest.worker_modules`): it reads the index's segmentation dictionary whole before any worker
is forked, then freezes what the server built out of the garbage collector's reach.

Every ingest worker segments its documents for the index, and each used to build jieba-rs's
dictionary itself after its first 20,000 characters: 55 MB of its own in every worker (two
dictionaries then: rjieba's package builds one of its own at import, which `segment.jieba_class`
now avoids; the segmenter's alone is about 30 MB). Built once here, the workers share those pages
unwritten (copy-on-write), so the tree's PSS holds them once, although each worker's RSS still
counts them. `gc.freeze` moves every object the server holds
(the compiled rules, the loaders, the modules) to the collector's permanent generation: a
worker's full collections no longer walk them, and so no longer write into their pages, which
would give each worker its own copy of every page a walk touched. Only the ingest imports this:
`duban extract`'s workers never segment."""

from __future__ import annotations

import gc

from duban.index.analysis import Analyzer

Analyzer().load()
gc.freeze()  # last: what the modules above built stays shared with every worker forked from here
