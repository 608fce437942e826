"""A legislature's read-out judging its drafts ripe for the vote (`宪法法律委认为上述法律草案已比较成熟`:
real NM00582, NM00870, NM01159 and some forty more Standing Committee read-outs) tells the meeting's
own business, not a task's progress; work reported in the same read-out still states. Texts written
for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def test_a_draft_judged_ripe_states_nothing(progress_rules: ProgressFinder) -> None:
    body = (
        "常委会组成人员分组审议了某法修订草案。\n"
        "法制委员会认为，修订草案经过常委会两次审议修改，已经比较成熟，建议本次会议审议通过。\n"
    )
    assert progress_pairs(progress_rules, "全国人大常委会举行会议", body, "minutes") == []


def test_work_told_in_the_read_out_still_states(progress_rules: ProgressFinder) -> None:
    body = "会议指出，代表提出的建议已全部办理完毕并答复代表。法制委员会认为上述两项草案已比较成熟。\n"
    found = progress_pairs(progress_rules, "全国人大常委会举行会议", body, "minutes")
    assert any(status == "done" and "已全部办理完毕" in text for status, text in found)
    assert not any("成熟" in text for _, text in found)
