"""The typed records an index gives back: a stored document and its stored measures, and the
log of ingest runs.

A store keeps a document's `Document.to_json(include_text=True)` record and returns it with what
the index adds: the source paths it was seen at (`sources`), and for each measure its id
(`<doc_id>:<ordinal>`), the cross-check status and the evidence behind that status.
`Store.iter_measures` also gives each measure its document's id, source and metadata, and
`Store.search` gives `Hit`s. Every backend returns these types, so readers never see the JSON.

Readers (the cross-check, the ledger, the web pages) take these types rather than dicts, so a
misspelt key is a type error and not a silent None. `from_json` takes exactly the keys a store
writes, and `to_json` writes them back in the order the SQLite store does, so a JSON twin that
shows a stored record shows the same bytes as before. Keys a reader has always defaulted (a
fixture or an older index may leave out offsets, pages or a relay's text) default here the
same way; an unknown key is a `RecordError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import field
from typing import Any, ClassVar, Literal, Self, TypeVar

from duban.base.errors import DubanError, E
from duban.base.model import Deadline, JsonRecord, Metadata, Page, RecordError, Unit, decode_record, record
from duban.base.vocab import Status

__all__ = [
    "ChangeCause",
    "ChangeNote",
    "Copied",
    "CopyOf",
    "Correction",
    "Failure",
    "FetchCounts",
    "Hit",
    "IndexStats",
    "RecordError",
    "Replaced",
    "ReplacedMeasure",
    "RunReport",
    "RunStatus",
    "StatusChange",
    "StatusEvidence",
    "StoredDocument",
    "StoredEvidence",
    "StoredMeasure",
    "StoredProgress",
    "StoredRelay",
    "as_stored",
    "read_measure",
    "read_run",
    "read_stored",
]


@record(frozen=True)
class StoredEvidence(JsonRecord):
    """One follower passage the cross-check found for a measure, as stored with its status."""

    text: str
    status: str
    source: str | None
    doc_id: str | None
    relation: str
    score: float
    date: str | None = None


@record(frozen=True)
class StatusEvidence(JsonRecord):
    """What the cross-check stores next to a measure's status: the due date it used, the status,
    the one-line reason and the passages."""

    due: str | None
    status: str
    why: str
    evidence: tuple[StoredEvidence, ...] = ()
    # the status before deadlines, from which the status as of another day follows
    basis: str | None = None
    # the index generation a check of every directive saw, and this directive's place in its
    # order: the saved statuses stand for that check while the index stays at that generation
    generation: str | None = None
    position: int | None = None


@record(frozen=True)
class StoredMeasure(JsonRecord):
    """A measure as the index returns it: the extracted measure, its id, status and evidence;
    from `Store.iter_measures` also its document's `doc_id`, `source`, metadata (`doc`) and
    when the index took the document in (`ingested_at`, UTC)."""

    omit_none: ClassVar[frozenset[str]] = frozenset({"doc_id", "source", "doc", "ingested_at"})

    start: int | None = None
    end: int | None = None
    page: int = 1
    section: tuple[str, ...] = ()
    units: tuple[Unit, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    provenance: tuple[str, ...] = ()
    confidence: float = 1.0
    text: str = ""
    measure_id: str = ""
    doc_id: str | None = None
    source: str | None = None
    status: Status | None = None
    status_evidence: StatusEvidence | None = None
    doc: Metadata | None = None
    ingested_at: str | None = None

    def units_in(self, *roles: str) -> list[str]:
        """The names of the units with one of these roles, first mention first, each once."""
        return list(dict.fromkeys(u.name for u in self.units if u.role in roles))


@record(frozen=True)
class StoredRelay(JsonRecord):
    """A directive a follower quotes (`Relay`), its offsets into the follower's text."""

    title: str | None = None
    doc_number: str | None = None
    text: str = ""
    start: int = 0
    end: int = 0
    page: int = 1
    provenance: str = ""


@record(frozen=True)
class StoredProgress(JsonRecord):
    """A statement of progress in a follower (`Progress`), its offsets into the follower's text."""

    text: str = ""
    status: str = ""
    start: int = 0
    end: int = 0
    page: int = 1
    figures: tuple[int, ...] = ()
    provenance: str = ""


@record(frozen=True)
class ReplacedMeasure(JsonRecord):
    """A measure of the version a document replaced, as it stood when it was replaced: enough to
    tell which new measure is the same task (its text and units) and what the checks said of it."""

    measure_id: str
    text: str = ""
    units: tuple[str, ...] = ()
    status: Status | None = None


@record(frozen=True)
class Replaced(JsonRecord):
    """The version of a document the store replaced with it (the same source path written with
    new content: a directive re-issued or corrected gets a new id, and so do its measures), kept
    by the store at the replacement because the old version is removed with its statuses: the
    next save of statuses compares each task with the status it had there (`pipeline.versions`)
    rather than listing a task already done as 新完成 again."""

    doc_id: str
    source: str = ""
    measures: tuple[ReplacedMeasure, ...] = ()


@record(frozen=True)
class CopyOf(JsonRecord):
    """The directive a document is another copy of (`pipeline.copies`): the same 文号 from the
    same issuer with mostly the same tasks, stored under another path or URL (the notice fetched
    from two portals, a corrected re-issue saved under a new name). The other one governs (the
    later issue date, else the later ingest): the ledger, reminders, 本期变化 and the cross-check
    count it once, as that one; search still finds both. `earlier` is True when this copy is an
    earlier issue (its date before the governing one's), False for a copy of the same issue."""

    doc_id: str
    source: str = ""
    earlier: bool = False


@record(frozen=True)
class Copied(JsonRecord):
    """What an ingest run found: the document at `source` was taken as a copy (or, `earlier`, an
    earlier issue) of the directive at `of_source` (`pipeline.copies`); the ingest report and the
    run log name both for staff (`line`)."""

    source: str
    doc_id: str
    of_source: str
    of_doc_id: str
    doc_number: str = ""
    earlier: bool = False

    def line(self) -> str:
        """The sentence staff read, in the ingest report and the log."""
        what = "较早版本" if self.earlier else "另一份副本"
        number = f"（{self.doc_number}）" if self.doc_number else ""
        return (
            f"{self.source} 是 {self.of_source} 的{what}（同一文件{number}）：台账、催办、本期变化和"
            f"督办核查只按后者计一次，两份都仍可检索"
        )


@record(frozen=True)
class StoredDocument(JsonRecord):
    """A document as the index returns it (`Store.get`, `Store.iter_documents`): the extraction
    record with its text, the source paths it is stored under, its stored measures, and when
    the index first stored it (`ingested_at`, UTC ISO; left out of the JSON when unknown, as for
    a record read from a file, so such a record's JSON stays as it was)."""

    omit_none: ClassVar[frozenset[str]] = frozenset({"ingested_at", "replaces", "copy_of"})

    source: str = ""
    doc_id: str = ""
    doc: Metadata = field(default_factory=Metadata)
    script: Literal["simplified", "traditional"] = "simplified"
    pages: tuple[Page, ...] = ()
    relays: tuple[StoredRelay, ...] = ()
    progress: tuple[StoredProgress, ...] = ()
    warnings: tuple[str, ...] = ()
    text: str = ""
    sources: tuple[str, ...] = ()
    measures: tuple[StoredMeasure, ...] = ()
    ingested_at: str | None = None
    # the version this one replaced at its source path (`Replaced`), kept in the stored record
    replaces: Replaced | None = None
    # the directive this document is a copy or an earlier issue of (`CopyOf`), kept in the stored record
    copy_of: CopyOf | None = None

    @property
    def key(self) -> str:
        """What the cross-check knows the document by: its id, else its source path."""
        return self.doc_id or self.source

    @property
    def paths(self) -> list[str]:
        """Every source path of the document (its own when the index lists none)."""
        return [s for s in self.sources or (self.source,) if s]

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        if not self.warnings:  # as `Document.to_json` writes it
            del out["warnings"]
        return out


@record(frozen=True)
class Hit(JsonRecord):
    """One search hit: a measure (its units and deadlines as extracted, its status, `measure_id`)
    or a document (its title as `text`, no units). `highlight` marks the query's matches in the
    measure's text or in fragments of the document's; `exact` is False for a hit of the relaxed
    query (some of the words), listed after the exact ones. `ingested_at` is when the index
    took its document in (UTC ISO), for "what came in since yesterday"."""

    text: str
    source: str
    doc_id: str
    page: int | None
    units: tuple[Unit, ...]
    deadlines: tuple[Deadline, ...]
    status: str | None
    score: float
    highlight: str
    measure_id: str | None = None
    title: str | None = None
    kind: str | None = None
    exact: bool = True
    ingested_at: str | None = None


@record(frozen=True)
class Correction(JsonRecord):
    """A staff correction as the index keeps it (`Store.add_correction`, `Store.corrections`):
    which measure (`key`: `<doc_id>:<text hash>`, with the directive's source paths and the text
    hash for a new version of the file), the status set by hand, the note, who and when (UTC), and
    when and by whom it was undone. `measure_id` is the measure it was made on, when known.
    `follows` is the id of the correction this one was carried from, when the store made it on
    another copy of the same directive (`copies.follow_corrections`): undoing either undoes the
    other (`pipeline.corrections.undo`), where a note alone could not tell which one it carried."""

    omit_none: ClassVar[frozenset[str]] = frozenset({"measure_id", "follows"})

    id: str = ""
    key: str = ""
    doc_id: str = ""
    sources: tuple[str, ...] = ()
    text_hash: str = ""
    measure_text: str = ""
    status: str = ""
    note: str = ""
    by: str = ""
    at: str = ""
    undone_at: str | None = None
    undone_by: str | None = None
    measure_id: str | None = None
    follows: str | None = None


ChangeCause = Literal["crosscheck", "ingest", "due date passed"]
"""What saved a status: `duban crosscheck --save` (or a ledger that had to check again), the
re-check after an ingest, or a saved check brought to a later day (`status_saved.saved_check`)."""


@record(frozen=True)
class ChangeNote(JsonRecord):
    """What a save of statuses tells the store to record with each status it changes
    (`Statuses.update_statuses`): the check's as-of date and what made it."""

    as_of: str
    cause: ChangeCause
    # for a measure with no status saved yet: the status the same task had in the version its
    # document replaced (`pipeline.versions`), by measure id; the change is recorded against it
    earlier: dict[str, Status] = field(default_factory=dict)

    def before(self, measure_id: str, saved: str | None) -> str | None:
        """The status a change of `measure_id` is told against: the one saved, else the one its
        task had in the replaced version (None: a first status)."""
        return saved if saved is not None else self.earlier.get(measure_id)


@record(frozen=True)
class StatusChange(JsonRecord):
    """One change of a measure's computed status, as the index keeps it (`Statuses.status_changes`):
    the measure and its directive, the status saved before (None: it had none) and the new one,
    the check's as-of date, when the change was saved (UTC, to the millisecond: every change of
    one save shares it, which is how a save is told from the next) and what made it. Only
    changes are kept, never a status saved again unchanged; staff corrections are a history of
    their own (`Corrections`)."""

    measure_id: str
    doc_id: str
    old: str | None
    new: str
    as_of: str
    at: str
    cause: ChangeCause


@record(frozen=True)
class IndexStats(JsonRecord, Mapping[str, Any]):
    """What `Store.stats` counts: documents, measures and ingest runs, and the measures by
    document kind, status (a staff correction's where one is active), unit (the top ones) and
    deadline month, each largest first (months in order).

    It also reads as the mapping `to_json` gives (`stats["by_status"]`, `{**stats}`), for readers
    written against the dict it replaces; new code reads the attributes."""

    documents: int = 0
    measures: int = 0
    runs: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_unit: dict[str, int] = field(default_factory=dict)
    by_deadline_month: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise RecordError(f"unknown key {sorted(unknown)[0]!r}").within(cls.__name__)
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name.startswith("by_"):
                if not isinstance(value, Mapping) or not all(
                    isinstance(n, int) and not isinstance(n, bool) for n in value.values()
                ):
                    raise RecordError(f"{name}: expected counts, got {value!r}").within(cls.__name__)
                values[name] = {str(k): n for k, n in value.items()}
            elif isinstance(value, int) and not isinstance(value, bool):
                values[name] = value
            else:
                raise RecordError(f"{name}: expected an int, got {value!r}").within(cls.__name__)
        return cls(**values)

    def __getitem__(self, key: str) -> Any:
        if key not in self.__dataclass_fields__:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.__dataclass_fields__)

    def __len__(self) -> int:
        return len(self.__dataclass_fields__)


RunStatus = Literal["running", "done", "interrupted", "failed"]


@record(frozen=True)
class Failure(JsonRecord):
    """A file that could not be ingested (or was skipped), with the catalogue code, message and hint."""

    source: str
    code: str
    message: str
    hint: str = ""

    @classmethod
    def of(cls, source: str, error: DubanError) -> Failure:
        return cls(source, error.code, error.message, error.hint)


def _hostname() -> str:
    """This machine's name, for a run's log; `socket` loads for an ingest, not for every reader."""
    import socket

    return socket.gethostname()


@record
class FetchCounts(JsonRecord):
    """What the fetch of a run (`duban ingest URL`, `--urls`; `pipeline.fetch`) did with each URL it
    asked for, pages and attachments alike: downloaded (new or changed), answered 304 Not Modified,
    downloaded again with the hash of the copy kept (`same`), refused by robots.txt (E066, also
    among the run's failures), a viewer's or typed frame's URL that answered with a page (not a
    document, not taken, no failure), and the other failures by code. The documents' own fate
    (indexed, unchanged, failed) is the run's; these say what the websites answered."""

    downloaded: int = 0
    not_modified: int = 0
    same: int = 0
    robots: int = 0
    not_document: int = 0
    failed: dict[str, int] = field(default_factory=dict)

    @property
    def asked(self) -> int:
        """How many URLs were asked for."""
        answered = self.downloaded + self.not_modified + self.same + self.robots + self.not_document
        return answered + sum(self.failed.values())

    def line(self) -> str:
        """The counts in one line for staff (`duban ingest`, `duban runs`, the web's 入库记录): a
        night whose pages all came back 304 but one that was refused, seen without the log."""
        failed = sum(self.failed.values())
        codes = "，".join(f"{code} {count} 个" for code, count in sorted(self.failed.items()))
        line = (
            f"抓取 {self.asked} 个网址：下载 {self.downloaded} 个，未修改（304）{self.not_modified} 个，"
            f"下载后内容未变 {self.same} 个，robots.txt 不允许 {self.robots} 个，"
            f"失败 {failed} 个{f'（{codes}）' if codes else ''}"
        )
        if self.not_document:
            line += f"，查看器或内嵌框所指为网页（不是文件）未收录 {self.not_document} 个"
        return line


@record
class RunReport(JsonRecord):
    """What one ingestion run did, as `Store.record_run` keeps it and `Store.runs` gives it back.

    The ingest fills it in as the run goes (so it is mutable), and `mark_interrupted` rewrites the
    status of a run whose process died. The stored JSON also carries two counts derived from the
    lists (`failed`, `skipped_count`) for readers of `duban stats --json`; `from_json` drops them."""

    derived: ClassVar[frozenset[str]] = frozenset({"failed", "skipped_count"})
    omit_none: ClassVar[frozenset[str]] = frozenset({"fetch", "copies"})  # a run's JSON stays as it was

    run_id: str
    index_url: str
    started_at: str
    status: RunStatus = "running"
    finished_at: str | None = None
    shard: str | None = None
    workers: int = 1  # extraction processes the run used (`--workers`, by default the CPUs)
    seen: int = 0
    ingested: int = 0
    unchanged: int = 0
    measures: int = 0
    bytes: int = 0
    seconds: float = 0.0
    actions: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)
    ignored: int = 0  # hidden files and Office lock files, not documents
    over_time: int = 0
    over_memory: int = 0
    stopped: Failure | None = None  # the index error that ended the batch early
    statuses_recomputed: bool = False  # the cross-check ran again after new or changed documents
    fetch: FetchCounts | None = None  # what the websites answered, for a run that fetched URLs
    copies: list[Copied] | None = None  # files taken as copies of an indexed directive (`pipeline.copies`)
    host: str = field(default_factory=_hostname)
    pid: int = field(default_factory=os.getpid)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return decode_record(cls, {k: v for k, v in data.items() if k not in cls.derived})

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        data["failed"] = self.failed
        data["skipped_count"] = len(self.skipped)
        return data

    def exit_code(self) -> int:
        """0 all read; 1 some file failed; 2 the batch was stopped (index error); 3 only skips."""
        if self.stopped is not None:
            return 2
        if self.failures:
            return 1
        return 3 if self.skipped else 0


def as_stored(record: StoredDocument | Mapping[str, Any]) -> StoredDocument:
    """A stored document from what a caller holds: the typed record, or its JSON (what a store
    returns today, or a `Document.to_json(include_text=True)` record from a file)."""
    if isinstance(record, StoredDocument):
        return record
    return decode_record(StoredDocument, record)


def read_stored(found: StoredDocument | Mapping[str, Any], url: str) -> StoredDocument:
    """A document the index at `url` holds, from the JSON a backend read. A record this version
    cannot read (an index written by another version of duban) is E.INDEX_RECORD, with the path
    to the bad value, so staff get a code and a remedy rather than a traceback."""
    return read_record(StoredDocument, found, url)


def read_measure(found: StoredMeasure | Mapping[str, Any], url: str) -> StoredMeasure:
    """A measure the index at `url` holds, from the JSON a backend read (as `read_stored`)."""
    return read_record(StoredMeasure, found, url)


def read_run(found: Mapping[str, Any], url: str) -> RunReport:
    """An ingest run the index at `url` logged, from the JSON a backend read (as `read_stored`)."""
    try:
        return RunReport.from_json(found)
    except RecordError as exc:
        raise DubanError(E.INDEX_RECORD, url=url, detail=str(exc)) from exc


R = TypeVar("R")


def read_record(cls: type[R], found: R | Mapping[str, Any], url: str) -> R:
    """`found` as `cls` (as it is when it is one already); E.INDEX_RECORD when it cannot be read."""
    if isinstance(found, cls):
        return found
    try:
        return decode_record(cls, found)
    except RecordError as exc:
        raise DubanError(E.INDEX_RECORD, url=url, detail=str(exc)) from exc
