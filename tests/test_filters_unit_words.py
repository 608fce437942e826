"""The unit filter looks for its text where a word of a unit's name starts (`index.spellings`):
`民政` finds 市民政局 and 民政部门 but not 各区人民政府 (人民|政府), in the reference predicate, the
ledger, the reminders, the unit pages and the search alike.

The notice is written for these tests: tasks for 市民政局, for 各区人民政府 and for other bodies,
indexed in a real SQLite file and cross-checked as `duban crosscheck` does."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from duban.index import open_store
from duban.index.filters import Filters, parse_filters, passes
from duban.index.spellings import name_starts, name_starts_kept, name_suffixes, unit_holds
from duban.pipeline.app import create_app
from duban.pipeline.ledger import ledger_rows
from duban.pipeline.reminders import reminders
from duban.pipeline.status import CheckResult, check_store
from tests.conftest import checked_index

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


def words(name: str) -> list[str]:
    """The name cut at its word starts."""
    starts = name_starts(name)
    return [name[a:b] for a, b in zip(starts, (*starts[1:], len(name)), strict=True)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("各区人民政府", ["各", "区", "人民", "政府"]),  # never 人|民政|府: three words, not two
        ("市纪委监委", ["市", "纪委", "监委"]),
        ("市发展改革委", ["市", "发展", "改革", "委"]),
        ("县发改委", ["县", "发改委"]),  # a short form with no word inside stays whole
        ("区人社局", ["区", "人社局"]),  # a form of the alias list is a word (jieba cuts 区人|社局)
        ("市文旅局", ["市", "文旅局"]),  # the lexicon holds it whole: the level is a word still
        ("县人民政府办公室", ["县", "人民", "政府", "办", "公", "室"]),
        (
            "A5G产业园区",
            ["A", "5", "G", "产业", "园", "区"],
        ),  # a letter or digit stands alone; 产业园|区 ties
        ("市、县人民政府", ["市", "、", "县", "人民", "政府"]),
    ],
)
def test_the_words_of_a_unit_name(name: str, expected: list[str]) -> None:
    assert words(name) == expected


def test_a_name_the_dictionary_holds_whole_still_has_its_words() -> None:
    """市财政局 is one word of the unit lexicon; its words start after 市 and inside 财政局."""
    assert {0, 1} <= set(name_starts("市财政局"))
    assert name_suffixes("市财政局")[:2] == ("市财政局", "财政局")


def test_a_tie_between_cuttings_keeps_the_starts_of_both() -> None:
    """市|民政局 and 市民|政局 are both two words: 民政 and 政局 each start a word there."""
    assert set(name_starts("市民政局")) == {0, 1, 2, 3}


def test_the_starts_of_a_name_are_computed_once() -> None:
    name_starts("东湖区民政事务服务中心")
    before = name_starts_kept().hits
    name_starts("东湖区民政事务服务中心")
    assert name_starts_kept().hits == before + 1


@pytest.mark.parametrize(
    ("name", "typed", "found"),
    [
        ("市财政局", "财政局", True),
        ("市财政局", "财政", True),
        ("市财政局", "市财政局", True),
        ("各区人民政府", "政府", True),
        ("各区人民政府", "人民政府", True),
        ("各区人民政府", "民政", False),
        ("各乡镇人民政府", "民政", False),
        ("市民政局", "民政", True),
        ("区民政局", "民政局", True),
        ("各级民政部门", "民政", True),
        ("市纪委监委", "纪委", True),
        ("市发展改革委", "发改委", True),  # its spelling 发展改革委 starts a word
        ("县发改委", "改委", False),
        ("XX市发展改革委", "xx市发改委", True),  # any case, and letters start words
        ("A5G产业园区", "5g产业", True),
        (None, "民政", False),
    ],
)
def test_unit_holds(name: str | None, typed: str, found: bool) -> None:
    assert unit_holds(name, typed) is found


def test_the_reference_predicate_reads_the_unit_filter_so() -> None:
    from duban.base.model import Metadata

    def unit_passes(name: str, typed: str) -> bool:
        return passes(
            Filters(unit=typed),
            doc_id="d",
            meta=Metadata(),
            units=[(name, "lead")],
            deadlines=[],
            status=None,
        )

    assert unit_passes("市民政局", "民政") and not unit_passes("各区人民政府", "民政")
    assert unit_passes("各区人民政府", "政府")


AS_OF = "2026-03-20"
NOTICE = """青川市人民政府办公室关于做好冬季困难群众救助工作的通知
青政办发〔2026〕9号
各区人民政府，市政府各部门：
为做好今冬困难群众救助工作，现将有关事项通知如下：
一、开展困难群众走访摸排。对低保对象和特困人员逐户走访。（牵头单位：市民政局；配合单位：市卫健委；完成时限：2026年1月31日前）
二、落实临时救助资金。将救助资金足额拨付到位。（牵头单位：市财政局；配合单位：市民政局；完成时限：2026年2月28日前）
三、加强冬季取暖保障。组织排查困难家庭取暖设施。（牵头单位：各区人民政府；完成时限：2026年3月15日前）
四、做好流浪乞讨人员救助。加强街面巡查，及时护送到救助站。（牵头单位：市公安局；配合单位：市民政局；完成时限：2026年3月25日前）
青川市人民政府办公室
2026年1月5日
"""
GOVERNMENTS = "各区人民政府"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("unit-words")
    return checked_index(root, (("notice.txt", NOTICE),), AS_OF)


@pytest.fixture(scope="module")
def result(url: str) -> CheckResult:
    with open_store(url) as store:
        return check_store(store, AS_OF, save=False)


def _item(text: str) -> str:
    return text.split("、", 1)[0]


def test_the_notice_names_the_governments_as_a_unit(result: CheckResult) -> None:
    rows = ledger_rows(result)
    assert {_item(r.measure.text): r.measure.lead for r in rows}["三"] == [GOVERNMENTS]


def test_the_ledger_and_the_reminders_leave_the_governments_out(result: CheckResult) -> None:
    filters = parse_filters(unit="民政")
    rows = ledger_rows(result, filters)
    assert sorted(_item(r.measure.text) for r in rows) == ["一", "二", "四"]
    slips = reminders(rows, AS_OF, filters=filters)
    assert [u.unit for u in slips.units] == ["市民政局"]
    assert [_item(r.measure.text) for r in ledger_rows(result, parse_filters(unit="政府"))] == ["三"]


def test_the_search_and_the_unit_pages_leave_the_governments_out(url: str) -> None:
    with open_store(url) as store:
        found = store.search("单位:民政")
        assert found.total == 3 and all(GOVERNMENTS not in [u.name for u in h.units] for h in found.hits)
        assert store.search("单位:区政府").total == 1
    client = TestClient(create_app(url), base_url="http://127.0.0.1")
    units = client.get("/units.json", params={"as_of": AS_OF, "unit": "民政"}).json()["units"]
    assert "市民政局" in {u["unit"] for u in units} and GOVERNMENTS not in {u["unit"] for u in units}
    ledger = client.get("/ledger.json", params={"as_of": AS_OF, "unit": "民政"}).json()
    assert ledger["total"] == 3
    slips = client.get("/reminders.json", params={"as_of": AS_OF, "unit": "民政"}).json()
    assert GOVERNMENTS not in str(slips)
