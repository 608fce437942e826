"""The unit-list miner (`rules/lexicons/mine_units.py`) on documents written for the test, and the
mined lists as the finder reads them."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

from duban.extractors.units import UnitFinder
from duban.rules.lexicons import mine_units
from duban.rules.ruleset import load_lexicon


def test_names_come_from_labels_markers_and_subjects() -> None:
    docs = [
        "一、建设平台。（牵头单位：县数据专班，配合单位：县财政局、县审计局）",
        "二、由市安全生产专班牵头，各乡镇配合。",
        "三、各级财政要保障经费。",
    ]
    marked, subjects = mine_units.mine(docs)
    assert {"县数据专班", "县财政局", "县审计局", "市安全生产专班"} <= set(marked)
    assert "各级财政" in subjects


def test_an_ending_needs_enough_different_names_and_known_endings_are_skipped() -> None:
    names = Counter({"甲区防汛小组": 1, "乙区防汛小组": 1, "丙区防汛小组": 1, "县财政局": 5})
    found = dict(mine_units.endings(names, known={"局"}, reject=set(), min_names=3))
    assert found.get("小组") == 3
    assert "政局" not in found and "财政局" not in found


def test_collectives_need_a_known_head_and_are_not_rejected() -> None:
    subjects = Counter({"各级财政": 4, "有关情况": 9, "全市教育系统": 3, "各地": 1})
    found = dict(mine_units.collectives(subjects, heads={"财政", "系统"}, reject={"有关情况"}, min_docs=3))
    assert found == {"各级财政": 4, "全市教育系统": 3}


def test_the_corpus_reader_reads_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "县水利局要加强巡查。"}, ensure_ascii=False) + "\n\n")
    assert list(mine_units.read_texts(path)) == ["县水利局要加强巡查。"]


def test_the_mined_lists_carry_counts_and_reach_the_finder() -> None:
    finder = UnitFinder.default()
    collectives = load_lexicon("unit_collectives.txt")
    assert collectives and all(name in finder.lexicon for name in collectives)
    assert set(load_lexicon("unit_suffixes_mined.txt")) <= set(finder.suffixes)
    here = Path(mine_units.__file__).parent
    for name in ("unit_collectives.txt", "unit_suffixes_mined.txt"):
        rows = [
            line.split() for line in (here / name).read_text(encoding="utf-8").splitlines() if line[:1] != "#"
        ]
        assert rows and all(len(row) == 2 and row[1].isdigit() for row in rows)


def test_the_report_groups_missed_subjects_by_ending() -> None:
    subjects = Counter({"社会团体": 5, "人民团体": 3, "县财政局": 9, "有关情况": 4, "群众": 2})
    rows = mine_units.uncovered(subjects, is_unit=lambda s: s.endswith("局"), reject={"有关情况"})
    assert rows[0] == ("团体", 8, ["社会团体", "人民团体"])
    assert all(end not in ("政局", "情况") for end, _, _ in rows)
