"""`detect_script` counts with the regex engine; these check it decides as the plain count does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.base.script import char_table, detect_script, to_simplified


def reference(text: str, threshold: float = 0.04) -> str:
    """The definition: the share of CJK characters (U+4E00..U+9FFF) the conversion changes."""
    table = char_table()
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    changed = sum(1 for ch in cjk if ord(ch) in table)
    return "traditional" if cjk and changed / len(cjk) >= threshold else "simplified"


def test_traditional_and_simplified_texts() -> None:
    traditional = "各區縣政府要認真組織實施，確保於年底前完成整改工作。"
    assert detect_script(traditional) == "traditional"
    assert detect_script(to_simplified(traditional)) == "simplified"
    assert detect_script("") == "simplified"
    assert detect_script("abc 123 ，。") == "simplified"


def test_threshold_edge() -> None:
    # one changed character in 25 CJK characters is exactly 4%
    text = "區" + "市" * 24
    assert detect_script(text) == reference(text) == "traditional"
    assert detect_script(text + "市") == reference(text + "市") == "simplified"


_CHARS = st.sampled_from([*"區縣認實確於與為這個门市政府工作 \n，。aZ1", "\U00020000", "\u3400", "\u9fff"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=80).map("".join), st.floats(min_value=0.0, max_value=1.0))
def test_same_decision_as_the_definition(text: str, threshold: float) -> None:
    assert detect_script(text, threshold) == reference(text, threshold)
