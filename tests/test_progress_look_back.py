"""A read-out's look back at what work achieved, in forms the status lists lacked: a result graded
(`取得重大阶段性成果`, `取得了新的明显进展`), `成效显著`, `实现良好开局` (stop 50: 40 short real items
read whole; read-outs NM00393, NM00944, NM01025, NM01186). A goal (`取得新的更大进展`, `取得更多
突破`) and a result named as an attribute (`成效显著的地区`) state nothing. Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

TITLE = "某市政府常务会议"


def read(finder: ProgressFinder, body: str) -> list[tuple[str, str]]:
    return progress_pairs(finder, TITLE, body + "\n", "minutes")


def test_a_graded_result_is_work_done(progress_rules: ProgressFinder) -> None:
    assert read(
        progress_rules, "会议认为，全市上下通力协作，抗旱救灾工作取得重大阶段性成果。要继续抓好灌溉。"
    ) == [("done", "全市上下通力协作，抗旱救灾工作取得重大阶段性成果")]
    assert read(progress_rules, "会议指出，三年来，全市安全生产工作在制度建设上取得了新的明显进展。") == [
        ("done", "三年来，全市安全生产工作在制度建设上取得了新的明显进展")
    ]


def test_a_marked_effect_and_a_good_start_are_work_done(progress_rules: ProgressFinder) -> None:
    found = read(progress_rules, "会议指出，近年来老旧小区改造成效显著，居民居住条件明显改善。")
    assert [status for status, _ in found] == ["done"]
    found = read(
        progress_rules, "会议指出，《行动方案》实施以来，各项政策逐步落地，全年工作实现良好开局。要抓紧推进。"
    )
    assert [status for status, _ in found] == ["done"]


def test_a_goal_or_an_attribute_states_nothing(progress_rules: ProgressFinder) -> None:
    assert read(progress_rules, "会议强调，要推动区域协同发展取得新的更大进展。") == []
    assert read(progress_rules, "会议指出，力争在扩大内需等方面取得更多实质性突破。") == []
    assert read(progress_rules, "会议决定，对改革成效显著的区县给予资金奖励。") == []
