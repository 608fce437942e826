"""duban (督办): measures, responsible units and deadlines from Chinese policy documents, minutes and
reports; a search index over them; and a cross-check of relays and progress.

One import root holds the four folders of the layout, so the installed names cannot clash with
other packages: `duban.base` (records, errors, vocabulary; imports nothing of the project),
`duban.rules` (rules as data and their loading), `duban.pipeline` (reading, orchestration,
cross-check and the application), `duban.extractors` and `duban.index`.
"""

__version__ = "0.1.0"
