"""Progress errors found by the real-document yardstick (`benchmarks/eval_progress_real.py`):
`已` that names a task's object, `为了完成` that states a purpose, a review's shortfall read as
work done, a problems lead-in that ends in a colon; and the yardstick's own scorer. Texts written
for the test."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import make_doc, progress_pairs

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "body",
    [
        "会议要求，扩大有效投资，加快已开工道路项目收尾。\n",
        "会议指出，二是持续加强已摘帽县份人口监测帮扶。\n",
        "会议强调，推动已落户企业尽快投产达效。\n",
    ],
)
def test_yi_after_a_verb_of_work_names_the_tasks_object(progress_rules: ProgressFinder, body: str) -> None:
    assert progress_pairs(progress_rules, "市政府常务会议纪要", body, "minutes") == []


def test_yi_before_a_verb_is_still_work_done(progress_rules: ProgressFinder) -> None:
    body = "会议听取了汇报。目前，全市各区已会同住建部门完成排查。\n"
    assert [s for s, _ in progress_pairs(progress_rules, "市政府常务会议纪要", body, "minutes")] == ["done"]


def test_a_purpose_to_complete_is_not_work_done(progress_rules: ProgressFinder) -> None:
    body = "审计发现，一些乡镇为了完成考核指标，虚报农田建设面积，问题突出。\n"
    found = progress_pairs(progress_rules, "审计结果通报", body, "report")
    assert [s for s, _ in found] == ["lagging"]
    assert "为了完成考核指标" in found[0][1] and found[0][1].endswith("问题突出")


@pytest.mark.parametrize(
    ("clause", "verb"),
    [
        ("园区配套能力有待进一步提升", "提升"),
        ("数字经济与实体经济融合还需进一步推进", "推进"),
        ("基层治理效能仍需加强", "加强"),
    ],
)
def test_a_reviews_shortfall_is_lagging_not_its_last_verb(
    progress_rules: ProgressFinder, clause: str, verb: str
) -> None:
    body = f"过去一年，全区新建学校4所，新增学位3200个。{clause}。\n"
    found = progress_pairs(progress_rules, "区政府工作报告", body, "report")
    assert ("lagging", clause) in found
    assert clause.endswith(verb)


def test_a_shortfall_modal_in_a_plan_sets_a_task(progress_rules: ProgressFinder) -> None:
    body = "会议指出，各区还需进一步加强对重点企业的帮扶。\n"
    assert progress_pairs(progress_rules, "市政府常务会议纪要", body, "minutes") == []


def test_a_problems_lead_in_ending_in_a_colon_reads_its_predicate(progress_rules: ProgressFinder) -> None:
    body = (
        "过去一年，全市完成老旧小区改造36个。\n"
        "我们也清醒看到，推进产业转型任重道远：传统产业占比偏高，创新平台不多。\n"
    )
    found = progress_pairs(progress_rules, "市政府工作报告", body, "report")
    assert ("lagging", "推进产业转型任重道远") in found
    assert "done" not in [s for s, t in found if t.startswith("推进产业转型")]


def load_eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "eval_progress_real", ROOT / "benchmarks" / "eval_progress_real.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_yardstick_scores_by_rule_and_read_mode() -> None:
    ev = load_eval()
    body = "过去一年，全市完成老旧小区改造36个。二是加强已建成项目管护。\n"
    doc = make_doc("市政府工作报告\n" + body)
    doc.meta.kind = "report"
    doc.progress = ProgressFinder.default(learned=False).find(doc)
    start = doc.text.index("全市完成")
    end = doc.text.index("36个") + 3
    labels = [
        {
            "doc": "D",
            "start": start,
            "end": end,
            "sha": ev.sha(doc.text[start:end]),
            "label": "gold",
            "status": "done",
        },
    ]
    result = ev.score({"D": doc}, {"D": "full"}, labels)
    assert result["tp"] == 1 and result["recall_full"] == 1.0 and result["status"] == 1.0
    assert result["fp"] == len(doc.progress) - 1
    bad = [{**labels[0], "sha": "00000000"}]
    with pytest.raises(SystemExit):
        ev.score({"D": doc}, {"D": "full"}, bad)


def test_the_labels_store_no_text() -> None:
    ev = load_eval()
    reads, rows = ev.read_labels(ev.LABELS)
    assert len(reads) >= 30
    keys = {"doc", "start", "end", "sha", "label", "status", "reason", "rule"}
    assert all(set(row) <= keys for row in rows)
    assert {row["label"] for row in rows} == {"gold", "wrong"}


def test_the_wider_draw_is_seeded_and_leaves_out_the_first() -> None:
    ev = load_eval()
    docs = [{"id": f"N{i:03d}", "kind": "minutes", "genre": "工作会议"} for i in range(20)]
    counts = {("minutes", "工作会议"): 5}
    first = ev.draw(docs, 1, counts, set())
    taken = {d["id"] for d in first}
    wide = ev.draw(docs, 2, counts, taken)
    assert len(wide) == 5 and not taken & {d["id"] for d in wide}
    assert wide == ev.draw(list(reversed(docs)), 2, counts, taken)


def _meta(
    doc_id: str, kind: str, genre: str, title: str, text: str = "", chars: int = 500
) -> dict[str, object]:
    return {"id": doc_id, "kind": kind, "genre": genre, "title": title, "text": text, "chars": chars}


def test_the_fifth_draw_takes_short_documents_with_its_genre_words_by_seed() -> None:
    ev = load_eval()
    docs = [_meta(f"R{i:03d}", "report", "督查整改审计通报", f"通报{i}") for i in range(30)]
    docs += [
        _meta("R900", "report", "督查整改审计通报", "工作总结"),
        _meta("R901", "report", "督查整改审计通报", "通报", chars=9000),
    ]
    docs += [
        _meta(f"M{i:03d}", "minutes", "工作会议", "会议", t, 800)
        for i, t in enumerate(["会议听取了汇报。"] * 20 + ["会议要求加强管理。"] * 5)
    ]
    docs += [_meta(f"X{i:03d}", "other", "督查部署新闻", "督查组进驻", chars=300) for i in range(12)]
    chosen = ev.by_words(docs, {"R000"})
    ids = [d["id"] for d in chosen]
    assert len(ids) == len(set(ids)) == sum(n for _, _, n in ev.GENRE_WORDS.values())
    assert not {"R000", "R900", "R901"} & set(ids)  # taken, no genre word in its title, too long
    assert all(d["text"] == "会议听取了汇报。" for d in chosen if d["kind"] == "minutes")
    assert chosen == ev.by_words(list(reversed(docs)), {"R000"})


def test_a_part_read_whole_scores_as_full_inside_its_bounds_only(tmp_path: Path) -> None:
    ev = load_eval()
    body = "过去一年，全市完成老旧小区改造36个。\n全年新建城市绿道12公里。\n"
    doc = make_doc("市政府工作报告\n" + body)
    doc.meta.kind = "report"
    doc.progress = ProgressFinder.default(learned=False).find(doc)
    assert len(doc.progress) == 2
    first, second = doc.progress
    # Only the first line was read: its statement is judged, the second is unjudged.
    reads = {"D": f"part:0:{first.end}"}
    assert ev.read_at(reads["D"], first.start, first.end) == "full"
    assert ev.read_at(reads["D"], second.start, second.end) == "predicted"
    result = ev.score({"D": doc}, reads, [])
    assert (result["fp"], result["unjudged"], result["gold_part"]) == (1, 1, 0)
    rows = [{"doc": "D", "read": "part", "start": 0, "end": first.end}]
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert ev.read_labels(path)[0] == reads
