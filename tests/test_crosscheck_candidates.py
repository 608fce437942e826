"""Content candidates rank by how distinctive the shared text is; an undated directive is dated by
its own signature or enactment note for the date filter.

Every document here is written for these tests.
"""

from __future__ import annotations

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import DirectiveIndex, content_blocks
from duban.pipeline.crosscheck_content import ContentIndex
from duban.pipeline.crosscheck_dates import issued_not_before

# A campaign phrase many documents of the collection repeat, and a task only one directive states.
CAMPAIGN = "全域推进城乡人居环境品质提升攻坚行动在东岚持续深化见到实效并形成长效管护"
TASK = "沿河十二个行政村的污水管网接户改造须在汛期到来之前完成验收"


def test_a_directive_whose_own_wording_the_follower_repeats_ranks_first() -> None:
    texts = {
        # A shares the longer campaign phrase with the follower, B only its own short task.
        "A": f"东岚市人民政府关于人居环境的通知\n一、{CAMPAIGN}。\n二、各地要做好垃圾分类。",
        "B": f"东岚市水务局关于管网改造的通知\n一、{TASK}。\n二、各地要做好资金保障。",
        "F": f"西坪县关于有关工作的报告\n{CAMPAIGN}。\n{TASK}，目前已完成八个村。",
    }
    # Six more documents repeat the campaign phrase: it is common in this collection.
    for n in range(6):
        texts[f"N{n}"] = f"第{n}次会议纪要\n会议指出，{CAMPAIGN}。"
    directives = ["A", "B", *(f"D{n}" for n in range(10))]
    for n in range(10):
        texts[f"D{n}"] = f"东岚市第{n}号文件\n一、各地要做好第{n}项工作，抓好落实。"
    content = ContentIndex(texts, directives)
    ranked = [d for d, _ in content.candidates("F").most_common()]
    assert ranked[:2] == ["B", "A"]


def record(doc_id: str, text: str, date: str | None, kind: str = "policy") -> StoredDocument:
    return StoredDocument.from_json(
        {
            "doc_id": doc_id,
            "source": doc_id,
            "text": text,
            "doc": {"title": text.split("\n")[0], "kind": kind, "date": date},
        }
    )


def test_an_undated_directive_is_dated_by_its_signature_line() -> None:
    text = "东岚市关于河道管护的通知\n各地要在2025年12月31日前完成。\n东岚市人民政府\n2023年5月6日\n"
    assert issued_not_before(text) == "2023-05-06"
    directive = record("D", text, None)
    earlier = record("F", "西坪县关于河道管护的会议纪要\n会议要求做好河道管护。", "2022-01-10", "minutes")
    later = record("G", "西坪县关于河道管护的会议纪要\n会议要求做好河道管护。", "2023-09-10", "minutes")
    index = DirectiveIndex([directive, earlier, later])
    assert "date" in content_blocks(directive, earlier, [], index)
    assert "date" not in content_blocks(directive, later, [], index)


def test_a_statute_is_dated_by_its_first_enactment_and_deadlines_are_not_issue_dates() -> None:
    statute = "东岚市湿地保护条例\n（2008年6月16日东岚市人大常委会通过　2019年3月1日修正）\n第一条 为了保护湿地，制定本条例。"
    assert issued_not_before(statute) == "2008-06-16"
    plan = "东岚市关于河道管护的通知\n各地要在2025年12月31日前完成整治，本通知自2024年1月1日起施行。"
    assert issued_not_before(plan) is None
