"""Content linking weighs a passage by how many documents of the mined corpus carry it.

A slogan repeated across many documents (`管行业必须管安全、管业务必须管安全…`) is a formula; a
passage only the directive and its follower share is a quotation. The documents are written for
these tests; the slogan is a public formula, not a corpus text.
"""

from __future__ import annotations

import gzip
import re

import pytest

from duban.pipeline import crosscheck_content
from duban.pipeline.crosscheck_content import QUOTE_DF, ContentIndex, background, boilerplate, linked

SLOGAN = "坚持管行业必须管安全、管业务必须管安全、管生产经营必须管安全，压紧压实各方责任"
QUOTE = "对辖区内的液化石油气储配站和瓶装供应点逐户建立隐患台账并实行挂牌督办限期整改销号"

DIRECTIVE = f"""东岚市安全生产委员会办公室关于开展燃气安全专项整治的通知
一、{SLOGAN}。
二、{QUOTE}。
东岚市安全生产委员会办公室
2024年3月1日
"""
FOLLOWER = """西坪县应急管理局关于燃气安全工作情况的报告
{body}
西坪县应急管理局
2024年6月1日
"""


def _shingles(text: str) -> list[str]:
    key = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return [key[i : i + 5] for i in range(len(key) - 4)]


def test_the_table_lists_formulae_with_their_document_frequency() -> None:
    table = background()
    assert table.documents > 5000
    weights = [table.weight(s) for s in _shingles(SLOGAN)]
    assert any(w < 1.0 for w in weights)
    assert all(table.weight(s) == 1.0 for s in _shingles("东岚西坪青川储配站逐户"))
    assert "近平新时代" in boilerplate()
    # Boilerplate is the head of the same table: a share of 1 % of the mined documents.
    assert all(table.df[s] >= int(0.01 * table.documents) for s in boilerplate())


def test_a_shared_slogan_does_not_link_where_a_shared_quotation_does() -> None:
    slogan = FOLLOWER.format(body=f"今年以来，我局{SLOGAN}，各项工作有序推进。")
    quote = FOLLOWER.format(body=f"今年以来，我局{QUOTE}，已完成整改一百二十处。")
    texts = {"directive": DIRECTIVE, "slogan": slogan, "quote": quote}
    index = ContentIndex(texts, ["directive"])
    by_slogan = index.match("slogan", "directive")
    by_quote = index.match("quote", "directive")
    assert by_slogan.passages and by_quote.passages
    assert by_slogan.score < by_quote.score
    assert linked(by_quote) and not linked(by_slogan)


def test_a_formula_weighs_quote_df_over_its_document_frequency(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "df.txt.gz"  # type: ignore[operator]
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(
            "# 2 shingles in at least 6 of 400 documents; shingle<TAB>df\n甲乙丙丁戊\t8\n己庚辛壬癸\t4\n"
        )
    monkeypatch.setattr(crosscheck_content, "DF_TABLE", path)
    background.cache_clear()
    try:
        table = background()
        assert table.documents == 400
        assert table.weight("甲乙丙丁戊") == pytest.approx(QUOTE_DF / 8)
        assert table.weight("己庚辛壬癸") == pytest.approx(min(1.0, QUOTE_DF / 4))
        assert table.weight("子丑寅卯辰") == 1.0
    finally:
        background.cache_clear()


def test_a_table_without_its_document_count_fails_loudly(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "df.txt.gz"  # type: ignore[operator]
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("甲乙丙丁戊\t8\n")
    monkeypatch.setattr(crosscheck_content, "DF_TABLE", path)
    background.cache_clear()
    try:
        with pytest.raises(ValueError, match="header"):
            background()
    finally:
        background.cache_clear()
