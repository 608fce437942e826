"""Compose labelled training sentences from lexicons, in the shapes real documents use.

Each `Sample` is one segment as the extractor will see it (a leaf item, a prose sentence or
`；` clause, a table row) with its class (measure or not) and its UNIT/DEADLINE character spans.
Shapes: itemised text with inline markers, prose with the unit as subject, `请X于…前…`,
`由X牵头、Y配合`, task-table rows, minutes (`会议要求，…要…`), `一是…；二是…` clauses, imperative
sentences without any cue word; negatives are principles, praise, progress already made,
background, meeting commentary, schedules and document furniture. Recipients (`报送市委`) and
names inside titles are written unlabelled on purpose. A fixed seed makes the output stable.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from duban.extractors.jieba_tokenizer import default_lexicon, read_user_dict
from duban.extractors.training import lexicons as lx
from duban.extractors.training.hard_cases import hard_cases
from duban.extractors.training.samples import DEADLINE, UNIT, Sample

SEED = 20240607
_CN_DIGITS = "零一二三四五六七八九十"


class _Builder:
    """Appends pieces of text, remembering the character span of each labelled piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.size = 0

    def add(self, text: str, label: str | None = None) -> _Builder:
        if label and text:
            self.spans.append((self.size, self.size + len(text), label))
        self.parts.append(text)
        self.size += len(text)
        return self

    def units(self, names: list[str], sep: str = "、") -> _Builder:
        for i, name in enumerate(names):
            if i:
                self.add(sep)
            self.add(name, UNIT)
        return self

    def sample(self, measure: bool) -> Sample:
        return Sample("".join(self.parts), measure, list(self.spans) if measure else [])


def _cn(n: int) -> str:
    if n <= 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")


class Generator:
    """Draws units, deadlines, actions and whole samples from one seeded random source."""

    def __init__(self, seed: int = SEED, lexicon: Path | None = None) -> None:
        self.rng = random.Random(seed)
        words = [line.split()[0] for line in read_user_dict(lexicon or default_lexicon())]
        self.lexicon_units = [w for w in words if 2 <= len(w) <= 20]

    # -- parts -------------------------------------------------------------------------------
    def pick(self, items: tuple[str, ...] | list[str]) -> str:
        return items[self.rng.randrange(len(items))]

    def unit(self) -> str:
        r = self.rng.random()
        if r < 0.25:
            place = self.pick(lx.PLACES) if self.rng.random() < 0.5 else ""
            return place + self.pick(("市", "区", "县", "市", "省", "州")) + self.pick(lx.LOCAL_BODIES)
        if r < 0.35:
            return self.pick(lx.PLACES) + self.pick(lx.LEVELS) + self.pick(lx.LOCAL_BODIES)
        if r < 0.45 and self.lexicon_units:
            return self.pick(self.lexicon_units)
        if r < 0.55:
            return self.pick(lx.CENTRAL)
        if r < 0.6:
            return self.pick(("省", "自治区", "")) + self.pick(lx.PROVINCE_BODIES)
        if r < 0.75:
            return self.pick(lx.COLLECTIVE)
        if r < 0.83:
            return self.pick(lx.ROLES)
        if r < 0.95:
            return (
                self.pick(("市", "区", "县", ""))
                + self.pick(lx.SPECIAL_TOPICS)
                + self.pick(lx.SPECIAL_BODIES)
            )
        return self.pick(("", self.pick(lx.PLACES))) + self.pick(lx.DEV_ZONES)

    def units(self, most: int = 3) -> list[str]:
        n = self.rng.choice([1, 1, 1, 2, 2, 3, 4][: max(1, min(7, most * 2))])
        out: list[str] = []
        while len(out) < n:
            name = self.unit()
            if name not in out:
                out.append(name)
        return out

    def deadline(self, kind: str = "") -> str:
        """A time bound as documents write it; `kind` narrows it to bound/recurring/term/ongoing."""
        rng = self.rng
        y = rng.randint(2018, 2027)
        m = rng.randint(1, 12)
        d = rng.randint(1, 28)
        n = rng.randint(2, 30)
        bound = [
            f"{y}年{m}月底前",
            f"{y}年底前",
            "年底前",
            f"{m}月底前",
            f"{m}月{d}日前",
            f"{y}年{m}月{d}日前",
            f"{_cn(rng.randint(1, 6))}个月内",
            f"{n}个工作日内",
            f"收到通知后{n}个工作日内",
            f"{y}年上半年",
            f"{y}年第{_cn(rng.randint(1, 4))}季度",
            "本月底前",
            "今年底前",
            "明年上半年",
            f"{m}月中旬前",
            f"{m}月上旬前",
            f"{rng.randint(1, 5)}年内",
            "汛期前",
            "今年内",
            "春节前",
            f"{n}日内",
            f"{y}年{m}月前",
            f"{y}年6月30日前",
            f"{m}月{d}日之前",
            "本年度内",
            f"{y}年年底前",
            f"{_cn(rng.randint(2, 12))}月底前",
            f"会后{n}日内",
            f"{y}年12月31日前",
            "下半年",
            f"即日起至{m}月{d}日",
        ]
        recurring = [
            "每年",
            "每半年",
            "每季度",
            "每月",
            "每周",
            "每季度末",
            f"每月{d}日前",
            "每年至少组织一次",
            "每半年开展一次",
            "每年年初",
            "每两年",
            f"每季度首月{rng.randint(5, 15)}日前",
            "每年年底前",
            f"每月{rng.randint(1, 10)}日前",
        ]
        term = [
            f"{y}—{y + rng.randint(1, 4)}年",
            f"{y}-{y + rng.randint(1, 4)}年",
            "一个任期内",
            "十四五期间",
            "“十四五”期间",
            f"{y}年起",
            f"自{y}年{m}月起",
            f"从{y}年起",
            f"{y}年至{y + rng.randint(1, 3)}年",
        ]
        ongoing = ["长期坚持", "持续推进", "长期推进", "持续开展"]
        pools = {"bound": bound, "recurring": recurring, "term": term, "ongoing": ongoing}
        if not kind:
            kind = rng.choices(["bound", "recurring", "term", "ongoing"], [6, 2, 1.2, 0.4])[0]
        return self.pick(pools[kind])

    def action(self) -> str:
        """A verb phrase; sometimes with a `、` list of verbs or objects that are not units."""
        r = self.rng.random()
        if r < 0.15:
            verbs = self.rng.sample(lx.VERBS[:40], 3)
            return f"{verbs[0]}、{verbs[1]}和{verbs[2]}{self.pick(lx.OBJECTS)}"
        if r < 0.3:
            objs = self.rng.sample(lx.OBJECTS, self.rng.randint(2, 4))
            return self.pick(lx.VERBS) + "、".join(objs) + self.pick(("", "等工作", "等事项"))
        if r < 0.4:
            return (
                self.pick(lx.VERBS)
                + self.pick(lx.OBJECTS)
                + "，做到"
                + "、".join(self.rng.sample(lx.MANNERS, 3))
            )
        if r < 0.5:
            nouns = "、".join(self.rng.sample(lx.NOUN_PHRASES, self.rng.randint(2, 5)))
            lead = self.pick(("统筹做好", "妥善安排好", "加强", "围绕", "重点支持"))
            return lead + nouns + self.pick(("等工作", "等方面", ""))
        if r < 0.58:
            amount = self.pick(("不少于", "", "", "重点")) + str(
                self.rng.choice((10, 30, 50, 100, 500, 1000, 10000))
            )
            verb = self.pick(("引进和培养", "选拔资助", "新建", "培育", "扶持", "改造"))
            return verb + amount + self.pick(lx.TARGET_NOUNS)
        return self.pick(lx.ADVERBS) + self.pick(lx.VERBS) + self.pick(lx.QUALIFIERS) + self.pick(lx.OBJECTS)

    def actions(self) -> str:
        first = self.action()
        if self.rng.random() < 0.4:
            first += "，" + self.action()
        return first + self.pick(lx.RESULTS)

    def end(self) -> str:
        return self.rng.choices(["。", "；", ""], [8, 2, 1])[0]

    def timed(self, b: _Builder, kind: str = "") -> None:
        """A deadline placed before the action, in one of the usual ways."""
        k = kind or self.rng.choices(["bound", "recurring", "term"], [6, 2, 1])[0]
        d = self.deadline(k)
        if k == "bound":
            lead = self.pick(("于", "在", "", "力争", "确保", "务必于", "于"))
            b.add(lead).add(d, DEADLINE)
        elif k == "recurring":
            b.add(d, DEADLINE)
        else:
            b.add(self.pick(("", "在"))).add(d, DEADLINE).add(self.pick(("，", "")))

    def tail(self, b: _Builder) -> None:
        """Optional recipients (unlabelled) or inline markers after an action."""
        r = self.rng.random()
        if r < 0.12:
            b.add(f"，并将{self.pick(('结果', '整改情况', '工作进展', '报告'))}报送").add(
                self.pick(lx.RECIPIENTS)
            )
        elif r < 0.2:
            b.add(f"，有关情况及时向{self.pick(lx.RECIPIENTS)}报告")
        elif r < 0.26:
            b.add("，于").add(self.deadline("bound"), DEADLINE).add(f"报{self.pick(lx.RECIPIENTS)}备案")

    # -- positive shapes -----------------------------------------------------------------------
    def subject_modal(self) -> Sample:
        b = _Builder()
        if self.rng.random() < 0.15:
            b.add(self.pick(("同时，", "此外，", "另外，", "其中，", "")))
        b.units(self.units(), self.pick(("、", "、", "和", "，")))
        b.add(self.pick(lx.MODALS))
        if self.rng.random() < 0.55:
            self.timed(b)
        b.add(self.actions())
        self.tail(b)
        return b.add(self.end()).sample(True)

    def please(self) -> Sample:
        b = _Builder().add("请").units(self.units(2))
        if self.rng.random() < 0.3:
            b.add("会同").units(self.units(2))
        self.timed(b, "bound")
        b.add(self.actions())
        self.tail(b)
        return b.add("。").sample(True)

    def by_lead(self) -> Sample:
        b = _Builder().add(self.pick(("由", "由", "")))
        b.units(self.units(1)).add(self.pick(("牵头", "牵头负责", "统筹")))
        if self.rng.random() < 0.7:
            b.add(self.pick(("、", "，"))).units(self.units()).add(
                self.pick(("配合", "参与", "协助", "共同参与"))
            )
        b.add("，")
        if self.rng.random() < 0.6:
            self.timed(b)
        return b.add(self.actions()).add(self.end()).sample(True)

    def bare_subject(self) -> Sample:
        """A unit as subject without any modal verb: `X负责…`, `X于…完成…`, `X会同Y…`."""
        b = _Builder().units(self.units(2))
        r = self.rng.random()
        if r < 0.3:
            b.add("负责").add(self.pick(lx.OBJECTS)).add(self.pick(("工作", "的组织实施", "", "的统筹协调")))
        elif r < 0.6:
            self.timed(b, "bound")
            b.add(self.actions())
        elif r < 0.8:
            b.add("会同").units(self.units(2)).add(self.actions())
        else:
            b.add(self.pick(("牵头", "具体负责", "统筹", "抓好"))).add(self.actions())
        self.tail(b)
        return b.add(self.end()).sample(True)

    def imperative(self) -> Sample:
        """A measure without unit or cue word: `全面推行…`, `每年至少开展一次…`."""
        b = _Builder()
        r = self.rng.random()
        if r < 0.35:
            self.timed(b)
        b.add(self.actions())
        if self.rng.random() < 0.3:
            b.add("，").add(self.deadline("ongoing"), DEADLINE)
        self.tail(b)
        return b.add(self.end()).sample(True)

    def minutes(self) -> Sample:
        b = _Builder().add(
            self.pick(("会议要求，", "会议强调，", "会议明确，", "会议决定，", "会议指出，", "会议提出，"))
        )
        if self.rng.random() < 0.65:
            b.units(self.units()).add(self.pick(("要", "要", "务必", "须", "负责")))
        else:
            b.add(self.pick(("要", "要", "")))
        if self.rng.random() < 0.5:
            self.timed(b)
        b.add(self.actions())
        self.tail(b)
        return b.add("。").sample(True)

    def ordinal_clause(self) -> Sample:
        b = _Builder().add(self.pick(("一是", "二是", "三是", "四是", "五是", "首先，", "其次，", "再次，")))
        if self.rng.random() < 0.4:
            b.units(self.units(2)).add(self.pick(lx.MODALS))
        elif self.rng.random() < 0.5:
            b.add("要")
        if self.rng.random() < 0.4:
            self.timed(b)
        b.add(self.actions())
        return b.add(self.pick(("；", "。", "；"))).sample(True)

    def item(self) -> Sample:
        b = _Builder()
        marker = self.pick(
            (
                "十一、",
                "二十三、",
                "（十五）",
                "第十二条",
                "三十、",
                "二十一、",
                "（二十）",
                "28.",
                "（一）",
                "（三）",
                "（十二）",
                "1.",
                "2．",
                "3、",
                "（4）",
                "★",
                "●",
                "第五条",
                "一、",
                "二、",
                "①",
                "12.",
            )
        )
        b.add(marker)
        if self.rng.random() < 0.7:
            b.add(self.pick(lx.TITLES)).add("。")
        r = self.rng.random()
        if r < 0.35:
            b.units(self.units()).add(self.pick(lx.MODALS))
        if self.rng.random() < 0.45:
            self.timed(b)
        b.add(self.actions()).add("。")
        if self.rng.random() < 0.3:
            b.add(self.actions()).add("。")
        self.markers(b)
        return b.sample(True)

    def markers(self, b: _Builder) -> None:
        """Inline unit and deadline markers at the end of an item, in the common layouts."""
        r = self.rng.random()
        open_, close = self.rng.choice((("（", "）"), ("(", ")")))
        colon = self.pick(("：", ":"))
        if r < 0.3:
            b.add(f"{open_}牵头单位{colon}").units(self.units(2))
            if self.rng.random() < 0.7:
                b.add(self.pick(("；", "，", ";"))).add(f"配合单位{colon}").units(self.units(4))
            if self.rng.random() < 0.4:
                b.add(f"；完成时限{colon}").add(self.deadline(), DEADLINE)
            b.add(close)
        elif r < 0.45:
            b.add(open_).units(self.units(1)).add("牵头，").units(self.units(3)).add(
                self.pick(("配合", "参与")) + close
            )
        elif r < 0.6:
            b.add(open_).units(self.units(3)).add(self.pick(("负责", "按职责分工负责", "分别负责")) + close)
        elif r < 0.72:
            b.add(f"责任单位{colon}").units(self.units(3))
            if self.rng.random() < 0.6:
                b.add(self.pick(("；", "。", " "))).add(f"完成时限{colon}").add(self.deadline(), DEADLINE)
            b.add(self.pick(("。", "")))
        elif r < 0.8:
            b.add(f"{open_}责任领导{colon}{self.pick(lx.NAMES)}；责任单位{colon}").units(self.units(2)).add(
                close
            )

    def table_row(self) -> Sample:
        b = _Builder().add(f"{self.rng.randint(1, 40)} | ")
        if self.rng.random() < 0.3:
            b.add(self.pick(lx.TITLES)).add(" | ")
        b.add(self.actions()).add(" | ").units(self.units(1)).add(" | ")
        b.units(self.units(4))
        b.add(" | ").add(self.deadline(), DEADLINE)
        return b.sample(True)

    def title_inside(self) -> Sample:
        """A unit inside a document title is part of a name, not responsible."""
        b = _Builder().units(self.units(2)).add(self.pick(lx.MODALS)).add("认真贯彻落实")
        b.add(f"《{self.unit()}关于{self.pick(lx.TOPICS)}工作的实施意见》，").add(self.actions())
        return b.add("。").sample(True)

    # -- negative shapes ------------------------------------------------------------------------
    def negative(self) -> Sample:
        rng = self.rng
        u, r, t, o = self.unit(), self.pick(lx.RECIPIENTS), self.pick(lx.TOPICS), self.pick(lx.OBJECTS)
        p1, p2 = self.pick(lx.PRINCIPLES), self.pick(lx.PRINCIPLES)
        y, m, d, n, k = (
            rng.randint(2015, 2025),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(2, 900),
            rng.randint(1, 60),
        )
        choices: list[str] = [
            f"坚持{p1}。",
            f"坚持{p1}、{p2}。",
            f"坚持{p1}和{p2}相统一。",
            f"（一）坚持{p1}。",
            f"——坚持{p1}。",
            f"坚持{p1}，坚持{p2}，",
            f"{u}高度重视{t}工作，取得了明显成效。",
            f"{t}工作成效显著，得到群众广泛好评。",
            f"{u}的经验做法值得学习推广。",
            f"{u}{t}工作走在全市前列，受到{r}通报表扬。",
            f"截至目前，已完成整改{n}个、正在整改{k}个，整改完成率{rng.randint(50, 99)}%。",
            f"{u}已于{y}年{m}月完成{o}。",
            f"今年以来，共开展{o}{k}次，发现问题{n}个，已全部整改到位。",
            f"{y}年，{u}累计完成{o}{n}项。",
            f"目前，{o}已全面完成。",
            f"{o}已基本建成并投入使用。",
            f"{u}于{y}年{m}月{d}日召开会议，研究部署{t}工作。",
            f"{y}年以来，{u}先后出台政策文件{k}件。",
            f"上半年，全市{t}工作总体平稳，主要指标达到序时进度。",
            f"{o}进展缓慢，尚未达到序时进度。",
            f"近年来，我市{t}工作取得长足进步，但仍存在一些突出问题。",
            f"为深入贯彻落实{r}关于{t}工作的决策部署，现提出如下意见：",
            "现将有关事项通知如下：",
            f"经{r}同意，现将《{t}工作方案》印发给你们。",
            f"{t}是推动高质量发展的重要内容。",
            f"当前，{t}形势依然严峻复杂。",
            f"{t}工作事关群众切身利益，事关改革发展稳定大局。",
            f"会议指出，{t}工作关系群众切身利益，是推动高质量发展的重要举措。",
            f"会议认为，{u}{t}工作思路清晰、措施有力。",
            f"会议听取了{u}关于{t}工作情况的汇报。",
            f"会议审议通过了《{t}工作实施方案》。",
            f"会议传达学习了{r}关于{t}工作的重要指示精神。",
            f"{u}、{self.unit()}主要负责同志参加会议。",
            f"会议由{self.pick(lx.ROLES)}{self.pick(lx.NAMES)}主持。",
            f"专家认为，{t}领域仍有较大发展空间。",
            f"{u}有关负责人表示，下一步将继续关注{t}工作。",
            f"{u}\n{y}年{m}月{d}日",
            "（此件公开发布）",
            f"附件：{t}工作任务分工表",
            f"联系人：{self.pick(lx.NAMES)}，联系电话：0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}",
            "一、总体要求",
            "二、主要任务",
            "三、保障措施",
            f"（二）{self.pick(lx.TITLES)}",
            f"{m}月{d}日至{d + 2}日放假调休，共{rng.randint(3, 8)}天。",
            f"{m}月{d}日（星期日）上班。",
            f"（{rng.randint(1, 9)}）关于“{o}不到位”的问题。",
            f"部分单位{o}落实不到位，存在应付了事现象。",
            "序号 | 工作任务 | 牵头单位 | 责任单位 | 完成时限",
            f"{u}关于印发《{t}三年行动计划》的通知",
            f"根据《{u}关于{t}工作的通知》精神，结合我市实际，制定本方案。",
            f"这次会议是在{t}工作关键时期召开的一次重要会议。",
            f"{r}对此高度重视，主要领导多次作出批示。",
            f"此前，{u}已向{r}报告了{t}工作情况。",
            f"{t}工作取得阶段性成效，群众获得感明显增强。",
            f"{self.pick(lx.NAMES)}同志任{u}主任。",
            f"{y}年{m}月{d}日，{u}组织召开{t}工作推进会。",
            f"主要目标：到{y}年，{t}体系基本建立。",
            "第一章 总则",
            "本办法自印发之日起施行。",
            f"本方案由{u}负责解释。",
            f"各地各部门思想认识不断提高，{t}工作合力逐步形成。",
            f"{self.pick(lx.COLLECTIVE)}，{self.pick(lx.COLLECTIVE)}：",
            "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
            f"{u}：",
            f"{self.pick(lx.CENTRAL)}关于进一步加强{t}工作的通知",
            f"关于做好{y}年{t}工作的通知",
            "用微信扫描二维码分享至好友和朋友圈",
            "欢迎访问本网站！",
            "【打印本页】【关闭窗口】",
            "来源：本网 作者：本网编辑",
            f"浏览次数：{n}",
            "首页 > 政务公开 > 通知公告",
            f"发布时间：{y}-{m:02d}-{d:02d}",
            "字号：大 中 小",
            f"在{t}工作中，给予党纪处分{k}人，组织处理{rng.randint(0, 9)}人。",
            f"从{t}工作的情况看，各地{o}均按要求落实到位。",
            f"《{t}工作方案》提出，要{self.action()}。",
            f"《若干措施》明确要求{self.pick(lx.ROLES)}{self.action()}。",
            f"比如，{u}探索{self.action()}，取得了良好效果。",
            f"{t}工作为什么要{self.action()}？",
            f"文件起草组成员表示，要精准把握{t}工作的政治性和政策性。",
            f"专家指出，{t}要{self.action()}，这是大势所趋。",
            f"我们要通过{o}，确保{t}工作取得实效。",
            f"{t}工作一时一事易，常态长效难。",
            f"这意味着，{o}将更加常态长效。",
            f"越是形势严峻复杂，越要坚定信心、{self.pick(lx.MANNERS)}。",
            f"近日，{u}印发《{t}工作实施方案》，对{o}作出部署。",
            f"{u}相关负责人就《{t}实施意见》答记者问。",
            f"通过{o}，{t}工作实现了由被动应对向主动作为的转变。",
            f"{u}始终站在讲政治的高度，深刻认识{t}工作的重要性和紧迫性。",
            f"与会同志围绕{t}工作进行了深入讨论。",
            f"{self.pick(lx.NAMES)}代表{u}作了表态发言。",
        ]
        return Sample(self.pick(choices), False)

    # -- the set ------------------------------------------------------------------------------
    def samples(self, n: int) -> list[Sample]:
        """`n` samples: about 62% measures in the usual shapes, the rest negatives."""
        shapes: list[tuple[Callable[[], Sample], float]] = [
            (self.subject_modal, 14),
            (self.please, 5),
            (self.by_lead, 5),
            (self.bare_subject, 7),
            (self.imperative, 8),
            (self.minutes, 6),
            (self.ordinal_clause, 5),
            (self.item, 10),
            (self.table_row, 3),
            (self.title_inside, 2),
            (self.negative, 38),
        ]
        makers = [s for s, _ in shapes]
        weights = [w for _, w in shapes]
        return [self.rng.choices(makers, weights)[0]() for _ in range(n)]


def training_samples(n: int = 6000, seed: int = SEED, hard_weight: int = 4) -> list[Sample]:
    """The training set: generated samples plus the hand-written hard cases, repeated."""
    out = Generator(seed).samples(n)
    out += hard_cases() * hard_weight
    random.Random(seed).shuffle(out)
    return out


def dev_samples(n: int = 600, seed: int = SEED + 1) -> list[Sample]:
    """Held-out generated samples for choosing the best training step (not for reporting)."""
    return Generator(seed).samples(n)
