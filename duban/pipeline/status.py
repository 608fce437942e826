"""Cross-check, part two: a status per directive measure from the evidence its followers give.

Per link, a measure the follower does not mention is `not_relayed`; one it mentions is `relayed`,
or the progress stated in the matched passage (`done`, `in_progress`, `lagging`). Over all links
of a directive, each reporting body's latest statement counts: the measure is `done` only when
every body that reported says so, `lagging` when any says it lags. Finally a measure whose
deadline has passed as of the check date without `done` evidence is `overdue`, because that is
what a 督办 officer has to chase, whatever else was said. The check date moves deadlines only:
every follower in the index counts as evidence, whatever its date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from threadpoolctl import threadpool_limits

from duban.base.dates import iso_day
from duban.base.errors import DubanError, E
from duban.base.model import Deadline, Metadata
from duban.base.stored import ChangeCause, ChangeNote, StoredDocument, StoredMeasure, read_stored
from duban.base.vocab import STATUS_SAID
from duban.extractors.deadlines import next_due
from duban.index.filters import normalise_date
from duban.index.store import Store
from duban.pipeline.copies import copies_of, copy_statuses, without_copies
from duban.pipeline.crosscheck import (
    DirectiveIndex,
    DocRef,
    Link,
    content_links,
    doc_ref,
    implemented_links,
    is_directive,
    links_of,
)
from duban.pipeline.crosscheck_dates import is_statute, standing_bound
from duban.pipeline.crosscheck_measures import MeasureMatch, match_pairs
from duban.pipeline.crosscheck_titlekeys import normalise_number, title_key, titles_match
from duban.pipeline.versions import earlier_statuses
from duban.rules.ruleset import load_rule_file

PROGRESS_STATUSES = ("done", "in_progress", "lagging")


@dataclass(frozen=True)
class Evidence:
    """One follower passage that speaks of a measure, with what it says of it."""

    text: str
    status: str
    source: str | None
    doc_id: str | None
    relation: str
    score: float
    date: str | None = None
    issuer: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "status": self.status,
            "source": self.source,
            "doc_id": self.doc_id,
            "relation": self.relation,
            "score": self.score,
            "date": self.date,
        }


@dataclass
class MeasureStatus:
    """A directive measure's overall status as of a date, with every passage behind it."""

    measure_id: str
    ordinal: int
    text: str
    section: list[str]
    lead: list[str]
    co: list[str]
    deadline: str | None
    due: str | None
    status: str
    evidence: list[Evidence] = field(default_factory=list)
    why: str = ""
    basis: str = ""  # the status before deadlines (`combine`)
    # those of `lead` the measure names responsible, not 牵头: what a `role` filter tells apart
    responsible: list[str] = field(default_factory=list)

    def evidence_json(self) -> dict[str, Any]:
        """What the index stores next to the status (`Store.update_status`)."""
        return {
            "due": self.due,
            "status": self.status,
            "why": self.why,
            "evidence": [e.to_json() for e in self.evidence],
            "basis": self.basis or None,
        }


@dataclass
class DirectiveCheck:
    """One directive in the index, the links that relay or report on it, and its measures' status."""

    directive: DocRef
    record: StoredDocument
    links: list[Link]
    measures: list[MeasureStatus]


@dataclass
class CheckResult:
    """Everything one cross-check run found: checked directives and links to directives not indexed."""

    directives: list[DirectiveCheck]
    unresolved: list[Link]
    as_of: str
    # made from the statuses a check saved (`status_saved`): the measures' statuses, no links
    saved: bool = False

    def links(self) -> Iterator[Link]:
        for check in self.directives:
            yield from check.links
        yield from self.unresolved


# --- per measure ---------------------------------------------------------------------------------------


# An undated year end (`年底前`, `今年内`): `rules/crosscheck.yaml`.
_YEAR_END = load_rule_file("crosscheck").require(("year_end",)).regex("year_end")


def resolve_due(deadline: Deadline, issued: str | None, as_of: str) -> str | None:
    """A deadline's due date: its own, the next one of a recurrence, or a year end from the directive.

    `年底前` in a directive means the end of the year the directive was issued, not of the year a
    page reposting it was dated, so an undated year end takes the directive's own date.
    """
    if deadline.due:
        return normalise_date(deadline.due[:10], True)
    if deadline.kind == "recurring":
        return next_due(deadline, as_of)  # one reading of recurrences, the extractor's
    if issued and _YEAR_END.match(deadline.text):
        return f"{issued[:4]}-12-31"
    return None


def due_of(
    measure: StoredMeasure, issued: str | None = None, as_of: str | None = None, directive_text: str = ""
) -> tuple[str | None, str | None]:
    """The deadline text and the last due date among a measure's deadlines.

    A one-off deadline decides (`建立台账，每月更新一次…6月底前` is due at the end of June); a
    recurrence gives its next due date only to a measure that has nothing else. A statute's
    standing bounds (`crosscheck_dates.standing_bound`, read from `directive_text`) have no due
    date: the directive's own date would invent one.
    """
    when = as_of or today()
    deadlines = measure.deadlines
    once = [d for d in deadlines if d.kind != "recurring" and not standing_bound(directive_text, d.text)]
    dated = [(d.text, resolve_due(d, issued, when)) for d in once]
    dated = [(t, d) for t, d in dated if d]
    if not dated:
        dated = [(d.text, resolve_due(d, issued, when)) for d in deadlines if d.kind == "recurring"]
        dated = [(t, d) for t, d in dated if d]
    if dated:
        text, due = max(dated, key=lambda pair: pair[1] or "")
        return text, due
    texts = [d.text for d in deadlines if d.text]
    return (texts[0] if texts else None), None


def link_status(match: MeasureMatch, statute: bool = False) -> str:
    """What one follower says of one measure: not mentioned, relayed, planned, or its progress.

    An article of a statute (`statute`: the directive is one, `crosscheck_dates.is_statute`) is a
    standing rule that nothing completes: a follower that speaks of it relays it. Read as progress,
    the news of the law's passing (`《条例》明确了…`), another statute's like article and a work
    report's line on the same topic made 614 articles of the real corpus's laws 已完成, 推进中 or
    滞后, all of them wrong in a sample of fourteen."""
    if not match.mentioned:
        return "not_relayed"
    if match.progress in (*PROGRESS_STATUSES, "planned") and not statute:
        return str(match.progress)
    return "relayed"


def with_deadline(status: str, due: str | None, as_of: str) -> str:
    """`overdue` once the due date is behind `as_of` and no follower reports progress on it (never
    asked of a statute's article, a standing rule: `measure_status`).

    A report that says the work lags or goes on is what the officer needs to read; it is not
    overdue for want of a report (the why says the date has passed).
    """
    if due is not None and due < as_of and status not in PROGRESS_STATUSES:
        return "overdue"
    return status


def combine(evidence: Sequence[Evidence]) -> str:
    """The status before deadlines: each body's latest progress counts, done needs all of them."""
    latest: dict[str, Evidence] = {}
    for item in evidence:
        if item.status not in PROGRESS_STATUSES:
            continue
        body = item.issuer or item.doc_id or ""
        if body not in latest or (item.date or "") >= (latest[body].date or ""):
            latest[body] = item
    reported = {e.status for e in latest.values()}
    if reported:
        if "lagging" in reported:
            return "lagging"
        return "done" if reported == {"done"} else "in_progress"
    if any(e.status == "planned" for e in evidence):
        return "planned"
    return "relayed" if any(e.status == "relayed" for e in evidence) else "not_relayed"


def why(status: str, evidence: Sequence[Evidence], due: str | None, as_of: str) -> str:
    """One line a 督办 officer can check: which follower said what, and what the date does to it."""
    speaking = [e for e in evidence if e.status == status] or list(evidence)
    said = "；".join(
        f"{Path(e.source).name if e.source else e.doc_id}称{STATUS_SAID.get(e.status, e.status)}：“{e.text[:40]}”"
        for e in speaking[:2]
    )
    passed = due is not None and due < as_of
    if status == "overdue":
        head = f"期限{due}已过（核查日{as_of}），无跟进文件报告进展"
        return f"{head}；{said}" if evidence else f"{head}，也未见传达"
    if status == "not_relayed":
        return "未见跟进文件提及此项" + (f"；期限{due}" if due else "")
    tail = f"；期限{due}已过" if passed else (f"；期限{due}" if due else "")
    return said + tail


def measure_statuses(record: StoredDocument, links: Sequence[Link], as_of: str) -> list[MeasureStatus]:
    """Each measure of a directive with its combined status and evidence over `links`."""
    found: dict[int, list[Evidence]] = defaultdict(list)
    statute = is_statute(record.text)
    for link in links:
        for match in link.measures:
            if match.evidence is None:
                continue
            found[match.ordinal].append(
                Evidence(
                    text=match.evidence,
                    status=link_status(match, statute),
                    source=link.follower.source,
                    doc_id=link.follower.doc_id,
                    relation=link.relation,
                    score=match.score,
                    date=link.follower_date,
                    issuer=link.follower_issuer,
                )
            )
    return [
        measure_status(
            record,
            ordinal,
            sorted(found.get(ordinal, []), key=lambda e: (_RANK.get(e.status, 9), -e.score)),
            as_of,
        )
        for ordinal in range(len(record.measures))
    ]


def measure_status(
    record: StoredDocument, ordinal: int, evidence: list[Evidence], as_of: str, basis: str | None = None
) -> MeasureStatus:
    """One directive measure's status as of `as_of` from its evidence (weightiest first), or from
    the status before deadlines (`basis`) a saved check recorded: the one place both are made."""
    measure = record.measures[ordinal]
    deadline, due = due_of(measure, record.doc.date, as_of, record.text)
    # the units in charge: those marked 牵头, then those named responsible (a measure without
    # a 牵头/配合 split has only these; one with both keeps them too, or the ledger lost them),
    # as the search's lead filter takes both (`Filters.unit_roles`)
    marked = measure.units_in("lead")
    lead = list(dict.fromkeys([*marked, *measure.units_in("responsible")]))
    before = basis if basis is not None else combine(evidence)
    statute = is_statute(record.text)
    if statute and before in (*PROGRESS_STATUSES, "planned"):
        before = "relayed"  # as `link_status` reads a statute's article (a basis saved before it did)
    status = before if statute else with_deadline(before, due, as_of)
    return MeasureStatus(
        measure_id=measure.measure_id or f"{record.doc_id}:{ordinal}",
        ordinal=ordinal,
        text=measure.text,
        section=list(measure.section),
        lead=lead,
        co=measure.units_in("co"),
        deadline=deadline,
        due=due,
        status=status,
        evidence=evidence,
        why=why(status, evidence, due, as_of) + (statute_note(deadline) if statute else ""),
        basis=before,
        responsible=[name for name in lead if name not in marked],
    )


def statute_note(deadline: str | None) -> str:
    """What the why adds to a statute's article with a deadline: the officer sees the bound in the
    ledger (with a due date only when it names its year) and is told why it is never overdue."""
    return f"；“{deadline}”是法规条文的规定，不计逾期" if deadline else ""


# Evidence is listed weightiest first: what the status rests on comes before what merely relays.
_RANK = {"lagging": 0, "in_progress": 1, "done": 2, "planned": 3, "relayed": 4}


def link_json(link: Link, record: StoredDocument | None, as_of: str) -> dict[str, Any]:
    """One JSON Lines record of `duban crosscheck`: a link and what the follower says per measure.

    A link made by content says so (`"by": "content"`) with its score and the passages it rests on,
    one made by a title written without book-title marks says `"by": "title_loose"`;
    one made sentence by sentence (a follower listing the directive's tasks) also says how many of
    the directive's sentences it speaks of and the figures it shares with them.
    """
    measures: list[dict[str, Any]] = []
    directive_measures = record.measures if record is not None else ()
    issued = record.doc.date if record is not None else None
    statute = record is not None and is_statute(record.text)
    for match in link.measures:
        _, due = (
            due_of(
                directive_measures[match.ordinal], issued, as_of, record.text if record is not None else ""
            )
            if match.ordinal < len(directive_measures)
            else (None, None)
        )
        measures.append(
            {
                "measure_id": match.measure_id,
                "text": match.text,
                "status": link_status(match, True)
                if statute
                else with_deadline(link_status(match), due, as_of),
                "evidence": match.evidence,
                "score": match.score,
            }
        )
    return {
        "directive": link.directive.to_json(),
        "follower": link.follower.to_json(),
        "relation": link.relation,
        "via": link.via,
        "by": link.via if link.via in ("content", "title_loose") else "quote",
        "score": link.content.score if link.content else None,
        "passages": list(link.passages),
        "content_sentences": link.content.sentences if link.content else None,
        "content_facts": list(link.content.facts) if link.content else [],
        "quoted": {"title": link.quoted_title, "doc_number": link.quoted_number},
        "evidence": link.evidence,
        "measures": measures,
    }


# --- runs ----------------------------------------------------------------------------------------------


def today() -> str:
    return dt.date.today().isoformat()


def parse_as_of(value: str | None) -> str:
    """The check date: `YYYY-MM-DD` (default today); a bad value raises E.BAD_DATE.

    Read by `base.dates.iso_day`, as the web app reads its check date, so both accept the same."""
    if value is None:
        return today()
    iso = iso_day(value.strip())
    if iso is None:
        raise DubanError(E.BAD_DATE, value=value)
    return iso


class Named(Protocol):
    """What a user's name for a directive is tested against: a stored document, or the summary
    of one (`Store.summaries`) where a list names thousands of them."""

    @property
    def doc_id(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def sources(self) -> tuple[str, ...]: ...

    @property
    def doc(self) -> Metadata: ...


def directive_tests(wanted: str) -> tuple[Callable[[Named], bool], ...]:
    """The ways a user names a directive, most exact first: its id, a source path, its document
    number, its title (`select_directive`; `pipeline.changes` takes any of them)."""
    number = normalise_number(wanted)
    key = title_key(wanted)
    paths = {wanted, str(Path(wanted).resolve())}
    return (
        lambda r: r.doc_id == wanted,
        lambda r: bool(paths & {r.source, *r.sources}),
        lambda r: number is not None and normalise_number(r.doc.doc_number) == number,
        lambda r: bool(r.doc.title) and titles_match(key, title_key(str(r.doc.title))),
    )


def select_directive(records: Sequence[StoredDocument], wanted: str) -> StoredDocument:
    """A directive named by id, source path, document number or title; E.NOT_FOUND otherwise."""
    for test in directive_tests(wanted):
        found = [r for r in records if test(r)]
        if found:
            return found[0]
    raise DubanError(E.NOT_FOUND, what="directive", key=wanted)


def _named(
    records: Sequence[StoredDocument], checked: Sequence[StoredDocument], wanted: str
) -> StoredDocument:
    """The directive `wanted` names (`select_directive`); a copy named (by its path, say) stands
    for the directive that governs it, which is the one checked (`governing`)."""
    named = select_directive(records, wanted)
    head = governing(named, {d.doc_id for d in checked})
    return next((d for d in checked if d.doc_id == head), named)


def governing(record: StoredDocument, present: Collection[str]) -> str:
    """The id of the directive `record` counts as: the one it is marked a copy of
    (`pipeline.copies`) while that one is among `present`, else its own. The one rule by which
    every name of a directive (`directive_name`, the check's `_named`) reaches the governing copy."""
    if record.copy_of is not None and record.copy_of.doc_id in present:
        return record.copy_of.doc_id
    return record.doc_id


def directive_name(store: Store, wanted: str) -> str:
    """What to look a directive up by where a user named it (`--directive` of the ledger,
    reminders and 本期变化, the web app's ledger and cross-check pages): when `wanted` names a
    document marked as a copy of another (its id, a source path or URL, or the number and title
    it shares with the governing one), the id of the directive that governs it; else `wanted` as
    given. The check leaves copies out, so a copy's own name found nothing before.

    Only numbered documents can be copies (`copies.settle` groups by 文号): the name is tested
    against them as `directive_tests` does, most exact first, from the stores' indexed columns
    (`named_numbered`), and only the documents it names are read whole, for their mark."""
    record = store.get(wanted)
    if record is None:
        found = named_numbered(store, wanted)
        marked = [r for r in (store.get(d) for d in found) if r is not None and r.copy_of]
        record = marked[0] if marked else None
    if record is None or record.copy_of is None:
        return wanted
    head = governing(record, store.summaries([record.copy_of.doc_id]))
    return wanted if head == record.doc_id else head


@lru_cache(maxsize=65536)
def _number_key(number: str) -> str | None:
    """`normalise_number` of a stored number, kept: a server names directives by 文号 request after
    request against the same few hundred numbers, and normalising them all took 5 ms a request."""
    return normalise_number(number)


def named_numbered(store: Store, wanted: str) -> list[str]:
    """The numbered documents `wanted` names by the first of `directive_tests` that names any
    (a source path, the document number, the title; an id is `Store.get`'s), in the order of
    `Store.numbered`. Asked of the stores' indexes (`Store.at_sources`, the numbers `numbered`
    reads from its index, `Store.titles`), not of every numbered document's summary, which read
    each whole record: on the real index (578 numbered documents of 5,864) a name that is not an
    id took 80 to 160 ms a request, every web ledger filtered by a path or 文号 paying it."""
    numbered = list(store.numbered())
    ids = [doc_id for doc_id, _, _ in numbered]
    there = store.at_sources({wanted, str(Path(wanted).resolve())})
    found = [doc_id for doc_id in ids if doc_id in there]
    number = normalise_number(wanted)
    if not found and number is not None:
        found = [doc_id for doc_id, other, _ in numbered if _number_key(other) == number]
    if not found:
        key = title_key(wanted)
        titles = store.titles(ids)
        found = [d for d in ids if (title := titles.get(d)) and titles_match(key, title_key(title))]
    return found


def check(records: Sequence[StoredDocument], as_of: str, directive: str | None = None) -> CheckResult:
    """The whole cross-check over stored documents: links, measure matches, statuses as of `as_of`.
    A document marked as a copy of another directive (`copies.without_copies`) is left out: the
    directive is checked and counted once, as its governing copy."""
    documents = without_copies(records)
    index = DirectiveIndex(documents)
    chosen = _named(records, documents, directive) if directive else None
    chosen_id = chosen.key if chosen else None
    by_directive: dict[str, list[Link]] = defaultdict(list)
    unresolved: list[Link] = []
    quoted = [link for follower in documents for link in links_of(index, follower)]
    quoted += implemented_links(index, documents, quoted)
    followers = {r.key: r for r in documents}
    matched: list[tuple[Link, StoredDocument, StoredDocument]] = []
    for link in [*quoted, *content_links(index, documents, quoted)]:
        target = link.directive.doc_id
        if target is None:
            if chosen is None:
                unresolved.append(link)
            continue
        if chosen_id is not None and target != chosen_id:
            continue
        follower = followers[str(link.follower.doc_id or link.follower.source or "")]
        matched.append((link, index.records[target], follower))
        by_directive[target].append(link)
    # follower by follower (`match_pairs`), each result on its link: the links keep their order.
    # One BLAS thread: each product is small (a directive's measures by a follower's sentences),
    # where a second thread only spins beside the first (all 5,864 real documents: 249 s of CPU
    # against 179 s, the same wall time and output); a nightly batch shares the cores with more.
    with threadpool_limits(limits=1, user_api="blas"):
        found = match_pairs([(directive, follower) for _, directive, follower in matched])
    for (link, _, _), measures in zip(matched, found, strict=True):
        link.measures = measures
    if chosen is not None:
        targets: Iterable[str] = [str(chosen_id)]
    else:
        targets = dict.fromkeys([*(i for i, r in index.records.items() if is_directive(r)), *by_directive])
    checks = []
    for doc_id in targets:
        record = index.records[doc_id]
        links = by_directive.get(doc_id, [])
        checks.append(DirectiveCheck(doc_ref(record), record, links, measure_statuses(record, links, as_of)))
    return CheckResult(checks, unresolved, as_of)


def check_store(
    store: Store,
    as_of: str,
    directive: str | None = None,
    save: bool = True,
    cause: ChangeCause = "crosscheck",
) -> CheckResult:
    """`check` over every document of an index, storing each measure's status when `save`.

    A check of every directive marks what it saves with the index's generation, read before the
    documents (a write during the check leaves a mark that no longer matches), and each
    directive's place in its order: `status_saved.saved_check` then stands for this check
    while the index stays as it was, and clears the statuses of every other document (one an
    earlier check linked, whose follower has gone since, would keep them: searched and counted,
    in no ledger). A check of one directive keeps the mark that directive's statuses had, when
    they were saved at this generation too (its result is the same). Each status it changes is
    recorded with `as_of` and `cause` (`Statuses.update_statuses`), what `duban changes` lists."""
    generation = store.generation()
    records = [read_stored(d, store.url) for d in store.iter_documents()]
    result = check(records, as_of, directive)
    if save:
        if directive is None:
            marks = {c.record.doc_id: (generation, place) for place, c in enumerate(result.directives)}
        else:
            marks = {
                c.record.doc_id: kept for c in result.directives if (kept := saved_mark(c.record, generation))
            }
        save_statuses(store, result, marks, cause, copies_of(records))
        if directive is None:
            store.clear_statuses([c.record.doc_id for c in result.directives])
    return result


def saved_mark(record: StoredDocument, generation: str) -> tuple[str, int] | None:
    """A directive's mark from a full check at `generation`, when every measure has the same."""
    positions = {
        saved.position if saved is not None and saved.generation == generation else None
        for saved in (m.status_evidence for m in record.measures)
    }
    position = positions.pop() if len(positions) == 1 else None
    return None if position is None else (generation, position)


def save_statuses(
    store: Store,
    result: CheckResult,
    marks: Mapping[str, tuple[str, int]] | None = None,
    cause: ChangeCause = "crosscheck",
    copies: Mapping[str, Sequence[StoredDocument]] | None = None,
) -> int:
    """Write each checked measure's status and evidence to the index, with its directive's mark
    (generation, position) when `marks` has one, and have the store record each status that
    changes (as of the check's date, made by `cause`; a task new to the index that its
    directive's replaced version had is told against the status it had there,
    `versions.earlier_statuses`, and one that a copy of its directive has, `copies.copy_statuses`,
    from `copies`: each governing directive's marked copies); the number written."""
    marks = marks or {}
    checked = [c.record for c in result.directives]
    earlier = {**copy_statuses(checked, copies or {}), **earlier_statuses(checked)}

    def evidence(check: DirectiveCheck, measure: MeasureStatus) -> dict[str, Any]:
        found = measure.evidence_json()
        mark = marks.get(check.record.doc_id)
        if mark is not None:
            found["generation"], found["position"] = mark
        return found

    return store.update_statuses(
        (
            (measure.measure_id, measure.status, evidence(check, measure))
            for check in result.directives
            for measure in check.measures
        ),
        ChangeNote(result.as_of, cause, earlier),
    )
