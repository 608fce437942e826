"""Linking followers to directives and matching measures, over directive/minutes/report triples.

The triples in tests/fixtures/triples are written for these tests: three 通知 with 文号 and
itemised measures (牵头单位, 完成时限), minutes of the bodies that relay them (paraphrasing some
measures), reports on their progress, and a look-alike that relays a different document.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from duban.base.model import Metadata
from duban.base.stored import StoredDocument
from duban.index import open_store
from duban.index.store import Store
from duban.pipeline.crosscheck import (
    DirectiveIndex,
    Link,
    context_issuer,
    find_links,
    issuers_compatible,
    match_measures,
    normalise_number,
    title_key,
    titles_match,
)
from duban.pipeline.extract import extract_file

FIXTURES = Path(__file__).parent / "fixtures" / "triples"


@lru_cache(maxsize=1)
def _extracted() -> tuple[tuple[str, dict[str, Any]], ...]:
    out = []
    for path in sorted(FIXTURES.glob("*.txt")):
        doc = extract_file(path, path.name)
        out.append((path.stem, doc.to_json(include_text=True)))
    return tuple(out)


def fixture_records() -> dict[str, StoredDocument]:
    """The fixture documents through the real pipeline as the index returns them, keyed by file
    stem (also their doc_id)."""
    return {stem: StoredDocument.from_json({**record, "doc_id": stem}) for stem, record in _extracted()}


def fixture_store(path: Path) -> Store:
    """A real SQLite index file holding every fixture document, as `duban` would store them."""
    store = open_store(f"sqlite:///{path}")
    for _, record in _extracted():
        store.write(record, str(record["doc_id"]))
    return store


@pytest.fixture(scope="module")
def records() -> dict[str, StoredDocument]:
    return fixture_records()


@pytest.fixture(scope="module")
def links(records: dict[str, StoredDocument]) -> list[Link]:
    return find_links(list(records.values()))


def _link(links: list[Link], follower: str) -> list[Link]:
    return [link for link in links if link.follower.doc_id == follower]


# --- normalisation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "江临政办发〔2023〕12号",
        "江临政办发[2023]12号",
        "江临政办发(2023)12号",
        "江临政办发（2023）第12号",
        "江临政办发［2023］012号",
    ],
)
def test_document_numbers_in_any_brackets_normalise_alike(text: str) -> None:
    assert normalise_number(text) == "江临政办发〔2023〕12号"


def test_different_numbers_stay_different() -> None:
    assert normalise_number("国办发〔2016〕82号") != normalise_number("国办发〔2018〕117号")
    assert normalise_number("没有文号的标题") is None


@pytest.mark.parametrize(
    "quoted",
    [
        "关于进一步做好城市内涝治理工作的通知",
        "《江临市人民政府办公室关于进一步做好城市内涝治理工作的通知》",
        "进一步做好城市内涝治理工作的通知",
        "关于进一步做好城市内涝治理工作",
        "市政府办公室关于进一步做好城市内涝治理工作的通知",
        "江临市人民政府办公室关于进一步做好城市内涝治理工作的通知（江临政办发〔2023〕12号）",
        "首页 > 通知公告 > 江临市人民政府办公室关于进一步做好城市内涝治理工作的通知",
    ],
)
def test_quoted_title_variants_match_the_directive(quoted: str) -> None:
    directive = title_key("江临市人民政府办公室关于进一步做好城市内涝治理工作的通知")
    assert titles_match(title_key(quoted), directive)


def test_angle_brackets_inside_book_title_and_issued_document() -> None:
    notice = title_key("青川县人民政府办公室关于印发2023年农村人居环境整治提升工作要点的通知")
    assert titles_match(
        title_key("青川县人民政府办公室关于印发〈2023年农村人居环境整治提升工作要点〉的通知"), notice
    )
    assert titles_match(title_key("《2023年农村人居环境整治提升工作要点》"), notice)


def test_issuer_glued_to_a_title_without_guanyu() -> None:
    plan = title_key("城市内涝治理工作方案")
    assert titles_match(title_key("江临市城市内涝治理工作方案"), plan)
    assert not titles_match(title_key("全市城市内涝治理工作方案"), plan)
    assert not titles_match(
        title_key("湖北省延长2020年春节假期的通知"), title_key("国务院办公厅关于延长2020年春节假期的通知")
    )


@pytest.mark.parametrize(
    ("quoted", "directive"),
    [
        ("湖北省人民政府办公厅关于延长2020年春节假期的通知", "国务院办公厅关于延长2020年春节假期的通知"),
        ("关于延长阶段性减免企业社会保险费政策实施期限等问题的通知", "关于阶段性减免企业社会保险费的通知"),
        ("关于阶段性减免企业社会保险费的意见", "关于阶段性减免企业社会保险费的通知"),
        ("国务院办公厅关于2020年部分节假日安排的通知", "国务院办公厅关于2019年部分节假日安排的通知"),
        (
            "国务院办公厅关于对真抓实干成效明显地方加大激励支持力度的通知",
            "国务院办公厅关于对真抓实干成效明显地方进一步加大激励支持力度的通知",
        ),
        (
            "江临市人民政府办公室关于开展安全生产隐患大排查大整治行动的通知",
            "江临市人民政府关于开展安全生产隐患大排查大整治行动的通知",
        ),
    ],
)
def test_look_alike_titles_do_not_match(quoted: str, directive: str) -> None:
    assert not titles_match(title_key(quoted), title_key(directive))


def test_issuer_compatibility() -> None:
    assert issuers_compatible("人社部、财政部、国家税务总局", "人力资源社会保障部 财政部 税务总局")
    assert issuers_compatible("市政府办公室", "江临市人民政府办公室")
    assert issuers_compatible("江临市委", "中共江临市委")
    assert issuers_compatible(None, "国务院办公厅")
    assert not issuers_compatible("湖北省人民政府办公厅", "国务院办公厅")
    assert not issuers_compatible("江临市人民政府", "江临市人民政府办公室")


def test_number_beats_a_loosely_quoted_title() -> None:
    index = DirectiveIndex(
        [
            StoredDocument(
                doc_id="d",
                doc=Metadata(
                    title="江临市人民政府办公室关于进一步做好城市内涝治理工作的通知",
                    doc_number="江临政办发〔2023〕12号",
                    kind="policy",
                ),
            ),
        ]
    )
    assert index.resolve("内涝治理通知", "江临政办发[2023]12号", None, exclude="f") == ("d", "number")
    assert index.resolve("内涝治理通知", None, None, exclude="f") == ("", "unresolved")
    assert index.resolve("进一步做好城市内涝治理工作的通知", "江临政办发〔2022〕12号", None, exclude="f") == (
        "",
        "unresolved",
    )


def test_same_title_in_two_years_links_to_the_one_issued_before_the_follower() -> None:
    title = "江临市人民政府办公室关于做好防汛抗旱工作的通知"
    index = DirectiveIndex(
        [
            StoredDocument(doc_id="y2022", doc=Metadata(title=title, date="2022-04-20", kind="policy")),
            StoredDocument(doc_id="y2023", doc=Metadata(title=title, date="2023-04-18", kind="policy")),
        ]
    )
    assert index.resolve("关于做好防汛抗旱工作的通知", None, None, "f", date="2023-05-10") == (
        "y2023",
        "title",
    )
    assert index.resolve("关于做好防汛抗旱工作的通知", None, None, "f", date="2022-12-01") == (
        "y2022",
        "title",
    )
    assert index.resolve("关于做好防汛抗旱工作的通知", None, None, "f", date="2021-06-01") == (
        "",
        "unresolved",
    )
    assert index.resolve("关于做好防汛抗旱工作的通知", None, None, "f") == ("y2023", "title")


@pytest.mark.parametrize(
    ("before", "issuer"),
    [
        ("据报道，湖北省人民政府办公厅1日发布", "湖北省人民政府办公厅"),
        ("2月20日，人社部、财政部、国家税务总局印发了《", "人社部、财政部、国家税务总局"),
        ("会议传达学习了市政府办公室《", "市政府办公室"),
        ("会议传达学习了《", None),
    ],
)
def test_issuer_named_before_a_quoted_title(before: str, issuer: str | None) -> None:
    assert context_issuer(before + "关于延长春节假期的通知", len(before)) == issuer


def test_same_title_from_another_issuer_named_in_context_is_not_linked() -> None:
    directive = {
        "doc_id": "gov",
        "text": "",
        "doc": {
            "title": "国务院办公厅关于延长2020年春节假期的通知",
            "kind": "policy",
            "issuer": "国务院办公厅",
        },
    }
    text = "新华社电 湖北省人民政府办公厅1日发布关于延长2020年春节假期的通知，宣布延长春节假期。"
    start = text.index("关于")
    relay = {"title": "关于延长2020年春节假期的通知", "doc_number": None, "start": start, "end": start + 16}
    news = {"doc_id": "news", "text": text, "doc": {"title": "新闻", "kind": "report"}, "relays": [relay]}
    (link,) = find_links([StoredDocument.from_json(directive), StoredDocument.from_json(news)])
    assert link.directive.doc_id is None
    plain = {**news, "text": text.replace("湖北省人民政府办公厅", "国务院办公厅")}
    (linked,) = find_links([StoredDocument.from_json(directive), StoredDocument.from_json(plain)])
    assert (linked.directive.doc_id, linked.relation) == ("gov", "reports_on")


# --- linking the fixture triples ------------------------------------------------------------------


def test_minutes_relaying_by_number_with_square_brackets_are_linked(links: list[Link]) -> None:
    (link,) = _link(links, "minutes_water")
    assert link.directive.doc_id == "directive_neilao"
    assert link.via == "number"
    assert link.relation == "relays"
    assert "江临政办发[2023]12号" in link.evidence


def test_report_is_linked_as_reports_on(links: list[Link]) -> None:
    (link,) = _link(links, "report_water")
    assert (link.directive.doc_id, link.relation) == ("directive_neilao", "reports_on")


def test_title_without_issuer_links_when_the_issuer_before_it_fits(links: list[Link]) -> None:
    (link,) = _link(links, "minutes_finance")
    assert (link.directive.doc_id, link.via) == ("directive_neilao", "title")


def test_attachment_title_links_to_the_notice_that_issued_it(links: list[Link]) -> None:
    (link,) = _link(links, "minutes_shichang")
    assert (link.directive.doc_id, link.via) == ("directive_yingshang", "title")
    (town,) = _link(links, "minutes_town")
    assert town.directive.doc_id == "directive_renju"


def test_look_alikes_stay_unresolved_with_the_title_as_quoted(links: list[Link]) -> None:
    found = _link(links, "minutes_lookalike")
    assert [link.directive.doc_id for link in found] == [None, None]
    assert {link.directive.title for link in found} == {
        "江临市人民政府办公室关于开展安全生产隐患大排查大整治行动的通知",
        "关于延长安全生产隐患大排查大整治行动实施期限等问题的通知",
    }
    assert not any(link.directive.doc_id == "directive_anquan" for link in links)


def test_same_directive_relayed_by_two_units(links: list[Link]) -> None:
    minutes = {
        link.follower.doc_id
        for link in links
        if link.directive.doc_id == "directive_neilao" and link.relation == "relays"
    }
    assert minutes == {"minutes_water", "minutes_finance"}


# --- measure matching -----------------------------------------------------------------------------


def _mentioned(records: dict[str, StoredDocument], directive: str, follower: str) -> dict[int, str]:
    return {
        m.ordinal: m.evidence for m in match_measures(records[directive], records[follower]) if m.evidence
    }


def test_paraphrased_deployment_matches_only_the_measures_deployed(
    records: dict[str, StoredDocument],
) -> None:
    found = _mentioned(records, "directive_neilao", "minutes_water")
    assert set(found) == {0, 1, 5}
    assert "易涝点逐一排查" in found[0]
    assert "雨污分流管网改造" in found[1]
    assert all(evidence in records["minutes_water"].text for evidence in found.values())


def test_partly_relayed_directive_leaves_other_measures_unmentioned(
    records: dict[str, StoredDocument],
) -> None:
    assert set(_mentioned(records, "directive_neilao", "minutes_finance")) == {2}
    assert set(_mentioned(records, "directive_renju", "minutes_town")) == {0, 1, 3}


def test_report_matches_carry_the_stated_progress(records: dict[str, StoredDocument]) -> None:
    matches = {m.ordinal: m for m in match_measures(records["directive_neilao"], records["report_water"])}
    assert matches[0].progress == "done"
    assert matches[1].progress == "lagging"
    assert "滞后" in (matches[1].evidence or "")
    assert not matches[3].mentioned


def test_deployment_in_minutes_is_not_read_as_done(records: dict[str, StoredDocument]) -> None:
    (first,) = [
        m for m in match_measures(records["directive_renju"], records["minutes_town"]) if m.ordinal == 0
    ]
    assert first.mentioned
    assert first.progress is None


def test_crosscheck_over_a_real_sqlite_index(tmp_path: Path) -> None:
    with fixture_store(tmp_path / "index.db") as store:
        stored = list(store.iter_documents())
    found = find_links(stored)
    linked = {(link.directive.title, link.follower.source) for link in found if link.resolved}
    assert ("江临市人民政府办公室关于进一步做好城市内涝治理工作的通知", "minutes_water.txt") in linked
    assert len([link for link in found if link.resolved]) == 7


def test_dev_corpus_links_only_the_true_pairs(shared: Path) -> None:
    corpus = shared / "corpus" / "dev"
    records = []
    for path in sorted(corpus.glob("*.txt")):
        record = extract_file(path, path.name).to_json(include_text=True)
        records.append(StoredDocument.from_json({**record, "doc_id": path.stem}))
    found = {(link.directive.doc_id, link.follower.doc_id) for link in find_links(records) if link.resolved}

    def pairs(name: str) -> set[tuple[str, str]]:
        path = corpus / name
        items = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
        return {(p["directive"], p["follower"]) for p in items}

    gold = pairs("pairs.json")
    # Links the corpus leaves unscored (a meeting approving a document it then issues) count neither way.
    found -= pairs("ambiguous_pairs.json")
    assert gold <= found, sorted(gold - found)
    assert found <= gold, sorted(found - gold)
    assert not found & pairs("nonpairs.json")
