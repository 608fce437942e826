from __future__ import annotations

from duban.base.model import RawDocument, RawPage
from duban.pipeline.normalize import normalise


def _norm(*pages: str):  # type: ignore[no-untyped-def]
    raw = RawDocument("t.txt", "text", [RawPage(i + 1, p, "text") for i, p in enumerate(pages)])
    return normalise(raw)


def test_joins_lines_broken_inside_a_sentence_even_across_blank_lines() -> None:
    n = _norm(
        "★建立政治要件贯彻落实闭环机制。把重要讲话\n作为政治要件，形成建\n\n立台账、专人盯办。\n\n★开展专项监督检查。"
    )
    assert n.text.split("\n") == [
        "★建立政治要件贯彻落实闭环机制。把重要讲话作为政治要件，形成建立台账、专人盯办。",
        "★开展专项监督检查。",
    ]


def test_keeps_breaks_before_items_dates_and_after_short_headings() -> None:
    text = (
        "各区人民政府：\n一、总体要求\n各部门要高度重视，认真落实本方案提出的各项任务，确保按期完成任务目标。\n"
        "（一）加强组织领导\n江州市人民政府办公室\n2026年3月2日"
    )
    lines = _norm(text).text.split("\n")
    assert "一、总体要求" in lines
    assert lines[-1] == "2026年3月2日"
    assert lines[-2] == "江州市人民政府办公室"


def test_removes_spaces_between_cjk_characters_only() -> None:
    n = _norm("监 督 和 同 级 GB T 9385")
    assert n.text == "监督和同级 GB T 9385"


def test_folds_kangxi_radical_lookalikes() -> None:
    n = _norm("⽣成式⼈⼯智能服务")
    assert n.text == "生成式人工智能服务"


def test_every_character_maps_back_to_the_raw_text() -> None:
    raw_text = "第一行没有\n结束，第 二 行结束。\n\n⼀个新段落。"
    n = _norm(raw_text)
    assert len(n.offsets) == len(n.text)
    for ch, off in zip(n.text, n.offsets, strict=True):
        if ch == "\n":
            continue
        raw = raw_text[off]
        assert raw == ch or (raw == "⼀" and ch == "一")


def test_pages_cover_the_text_in_order() -> None:
    n = _norm("第一页的内容。", "第二页的内容。")
    assert [p.number for p in n.pages] == [1, 2]
    assert n.pages[0].start == 0 and n.pages[-1].end == len(n.text)
    assert n.text[n.pages[1].start : n.pages[1].end].strip() == "第二页的内容。"


def test_seed_document_joins_its_column_breaks(shared) -> None:  # type: ignore[no-untyped-def]
    raw_text = (shared / "corpus/seed/guangzhou-political-supervision.txt").read_text(encoding="utf-8")
    n = _norm(raw_text)
    star_lines = [line for line in n.text.split("\n") if line.startswith("★")]
    assert len(star_lines) == 10
    assert all(line.endswith("。") for line in star_lines)


def test_a_flattened_table_cell_wrapped_over_two_lines_is_one_cell() -> None:
    text = (
        "序号 |\n重点工作 |\n1 |\n加快推进污水处理厂及管网提升项目，全面\n做好基础设施配套。 |\n规划建设局 |"
    )
    lines = _norm(text).text.split("\n")
    assert lines == [
        "序号 |",
        "重点工作 |",
        "1 |",
        "加快推进污水处理厂及管网提升项目，全面做好基础设施配套。 |",
        "规划建设局 |",
    ]


def test_table_rows_are_never_joined() -> None:
    lines = _norm("序号 | 工作任务 | 牵头单位\n1 | 建立台账 | 市发展改革委").text.split("\n")
    assert len(lines) == 2


def test_a_short_heading_over_a_paragraph_keeps_its_own_line() -> None:
    """`2026年工作安排` over `2026年是…。` is a section heading, not a line broken mid-sentence."""
    text = (
        "过去一年，全市经济运行总体平稳，重点项目建设进展顺利，民生保障水平进一步提高。\n"
        "2026年工作安排\n"
        "2026年是实施五年规划的关键之年，做好政府工作意义重大，我们将重点抓好以下工作。\n"
        "江州市人民政府办公室关于印发\n安全生产专项整治方案的通知\n"
    )
    lines = _norm(text).text.split("\n")
    assert "2026年工作安排" in lines
    assert "江州市人民政府办公室关于印发安全生产专项整治方案的通知" in lines


def test_a_wrapped_page_still_joins_its_short_lines() -> None:
    """A short line is a heading only in a page whose full lines end sentences: a PDF's wrapped
    paragraph ends its full lines anywhere, and a short line there is the end of a wrap."""
    full = "各部门要按照职责分工抓好落实工作并及时报送进展情况和存在问题"
    text = "\n".join([full] * 6) + "\n加强督查\n" + full + "。\n"
    lines = _norm(text).text.split("\n")
    assert "加强督查" not in lines


def test_items_closed_by_their_unit_marker_do_not_make_a_page_look_wrapped() -> None:
    """Lines that end `…。（商务部负责）` end their item: the page is not a PDF's wrapped column,
    so its full-width paragraphs ending in `。` stay apart."""
    item = "对促进外贸稳定增长成效明显的地区，在外贸转型升级基地培育中给予优先支持。（商务部负责）"
    para = "强化组织管理。各有关地区和部门要高度重视、密切协作，不断提高试验区建设和管理水平和服务能力。"
    text = "\n".join(
        [f"{n}、{item}" for n in "一二三四五六"] + [para, para.replace("强化组织管理", "狠抓工作落实")]
    )
    lines = _norm(text).text.split("\n")
    assert len(lines) == 8


def test_a_sign_off_after_a_closing_bracket_is_not_joined_to_the_last_item() -> None:
    text = "三、加强督查考核，每季度通报一次进展情况（县政府督查室负责）\n江州县人民政府办公室\n2026年3月2日"
    lines = _norm(text).text.split("\n")
    assert lines[-2] == "江州县人民政府办公室"


def test_display_width_counts_cjk_and_full_width_as_two_columns() -> None:
    from duban.pipeline.normalize import _width

    assert _width("") == 0
    assert _width("abc 12") == 6
    assert _width("中文") == 4
    assert _width("第1条：A、B") == 2 + 1 + 2 + 2 + 1 + 2 + 1


def test_one_page_covers_the_whole_normalised_text() -> None:
    n = _norm("一、总体要求\n\n各地要  加快推进。\t\n")
    assert len(n.pages) == 1
    assert (n.pages[0].start, n.pages[0].end) == (0, len(n.text))
    two = _norm("第一页。", "第二页。")
    assert [(p.number, p.start) for p in two.pages] == [(1, 0), (2, two.text.index("第二页"))]


def test_joining_a_long_unbroken_paragraph_takes_time_in_proportion_to_its_lines() -> None:
    """A wrapped text that never ends a sentence (a PDF column without a full stop, a scraped page
    of one paragraph) is joined into one line: the joiner must not look back over all it has
    written at every line (it once scanned its output for a break: 40,000 lines took 5.5 s)."""
    import time

    from duban.pipeline.normalize import join_broken_lines

    def seconds(lines: int, runs: int) -> float:
        text = "\n".join(f"第{i}段文字仍在继续说明有关工作的安排" for i in range(lines))
        best = float("inf")
        for _ in range(runs):
            start = time.process_time()
            joined, offsets = join_broken_lines(text, list(range(len(text))))
            best = min(best, time.process_time() - start)
        assert "\n" not in joined and len(offsets) == len(joined)
        return best

    # The best of three for each (a busy machine slows single runs): eight times the lines is ~8x
    # when linear, ~60x when quadratic.
    small, large = seconds(4_000, 3), seconds(32_000, 3)
    assert large < 30 * max(small, 1e-3)


def _join_per_line(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """The joiner as it was written before it copied runs: the same decisions, each kept line
    and break copied with its offsets on its own."""
    from duban.pipeline import normalize as n

    lines = text.split("\n")
    wide = n._typical_width(lines)
    wrapped = n._wrapped_layout(lines, wide)
    rows = n.tab_row_lines(lines) | {i for table in n.cell_tables(lines) for i in table.lines()}
    prev_row = open_cell = broken = False
    out_parts: list[str] = []
    out_offsets: list[int] = []
    pos = 0
    prev: str | None = None
    pending: list[int] = []
    for index, line in enumerate(lines):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        is_cell = n._is_cell(stripped)
        is_row = index in rows
        if (
            prev is not None
            and not (open_cell and is_cell)
            and (prev_row or is_row or not n._joins(prev, stripped, wide, wrapped, not broken))
        ):
            out_parts.append("\n")
            out_offsets.append(pending[0] if pending else out_offsets[-1])
            broken = True
            open_cell = n._is_cell(prev) and not is_cell
        elif open_cell and is_cell:
            open_cell = False
        lead = len(line) - len(line.lstrip())
        out_parts.append(stripped)
        out_offsets.extend(offsets[start + lead : start + lead + len(stripped)])
        prev, prev_row = stripped, is_row
        pending = [offsets[pos - 1]] if pos - 1 < len(offsets) else []
    return "".join(out_parts), out_offsets


def test_joined_runs_give_the_offsets_of_a_per_line_copy() -> None:
    """The joiner copies runs of the text; its offsets are those of copying each kept line and
    break on its own, with blank lines, indents, trailing spaces and joins between them."""
    from duban.pipeline.normalize import join_broken_lines

    text = "关于做好春耕工作的通知  \n\n  各乡镇：\n为做好今年春耕工作，各乡镇要\n加强组织领导。\n\n一、落实责任\n县农业局负责。  "
    offsets = [10 + 2 * i for i in range(len(text))]  # not the identity, so a wrong slice shows
    joined, got = join_broken_lines(text, offsets)
    assert "各乡镇要加强组织领导。" in joined  # a join happened, and breaks were kept
    assert joined.count("\n") >= 3
    assert (joined, got) == _join_per_line(text, offsets)


def test_a_page_whose_lines_all_stand_comes_back_as_it_was() -> None:
    from duban.pipeline.normalize import join_broken_lines

    text = "关于做好春耕工作的通知\n各乡镇：\n一、各乡镇要加强组织领导。\n二、县农业局负责督促检查。"
    offsets = list(range(len(text)))
    joined, got = join_broken_lines(text, offsets)
    assert joined == text and got == offsets
    assert got is offsets  # no copy of a page that needed none
