"""The document's own title is never a measure, nor the heading of one, wherever a page repeats it."""

from __future__ import annotations

import pytest

from duban.extractors.measures import MeasureFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


def test_a_headline_repeating_the_title_heads_no_measure(finder: MeasureFinder) -> None:
    text = (
        "• 文件名称:\n"
        "某县水利局关于开展河道清障工作的通知\n"
        "• 发布机构:\n"
        "某县水利局\n"
        "• 某县水利局关于开展河道清障工作的通知\n"
        "各乡镇要于5月底前完成河道清障。\n"
        "分享:\n"
    )
    doc = make_doc(text)
    assert doc.meta.title == "某县水利局关于开展河道清障工作的通知"
    assert [m.text for m in finder.find(doc)] == ["各乡镇要于5月底前完成河道清障。"]
