"""A learned decision for the progress statements the progress rules leave out.

The rules read progress from explicit cues (`已完成`, `正在`, `滞后`) and, in a review, from
predicates mined from work reports; they were extended class by class until no class was left
that aggregate probes could find. What is left on unseen text is spread thin: clauses of a review
that state work done without a cue word the lists hold, figures achieved in a paragraph the rules
do not read as a review. No list of words separates those from a plan's or a policy's sentences,
but many weak signs together do (past and perfect forms, figures with their measure words,
`截至`, the paragraph's role, the document's kind, whether the clauses around it state progress).

This module holds what the finder needs to use such a decision: where the weights live and how a
clause's features become a score. The features themselves are built by `ProgressFinder` (it owns
the rules they read); the scoring is the prose model's (`prose_model.ProseModel`: a logistic
regression over hashed binary features), shared rather than copied. The weights
(`models/progress_lr.npz`) are learned from the dev gold by `extractors/training/progress_train.py`,
cross-validated by document; no corpus text is stored, only hashed weights.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from duban.extractors.prose_model import ProseModel, load_prose_model

MODEL_PATH = Path(__file__).parent / "models" / "progress_lr.npz"
#: The provenance of a statement the learned model added.
PROVENANCE = "model:progress_lr.v1"
# The long-report model: it reads, instead of the model above, the clauses of the review part of a
# long work report (a document read as a report, of `LONG_REPORT` plain characters or more; a
# paragraph read as a review, outside the plan part and its `下一步…` paragraphs), with further
# features (`progress._review_features`). Such reports state much of their work done without a
# cue word; the short documents (news, read-outs, notices) keep the model above, as there the
# richer decision lost more than it gained. Real reports (`NR`) fall into two groups by length:
# 202 of 345 under 3,000 characters (notices, news), 142 of 4,000 or more (work reports, mostly
# 12,000–25,000); none between 6,000 and 8,000: 4,000 lies in that gap.
REVIEW_MODEL_PATH = Path(__file__).parent / "models" / "progress_lr_review.npz"
REVIEW_PROVENANCE = "model:progress_lr_review.v1"
LONG_REPORT = 4000

# Words whose presence in a clause is a feature: past and perfect forms, totals, achievements,
# what is under way, lags and plans. A sign each, weighed by the model, not a rule.
CUE_WORDS = (
    "已", "了", "完成", "累计", "共", "实现", "达到", "截至", "目前", "正在", "持续", "推进", "开展",
    "召开", "印发", "出台", "建立", "建成", "组织", "下发", "制定", "落实", "全部", "基本", "初步",
    "未", "尚", "滞后", "缓慢", "不足", "问题", "预计", "计划", "将", "要", "应", "确保", "加强",
    "进一步", "年底", "同比", "增长", "下降", "提高", "整改", "督查", "检查", "发现", "排查",
)  # fmt: skip
# Measure words after a figure: a count achieved (`20处`, `3项`, `12.5万元`).
MEASURE_WORDS = "亿元|万元|元|个|项|件|人次|人|家|户|条|批|次|名|所|场|期|亩|万|亿|座|套|处|公里|吨"


@lru_cache(maxsize=2)
def load_progress_model(path: Path = MODEL_PATH) -> ProseModel | None:
    """The shipped progress model, read once per process; None when there is none (rules only)."""
    return load_prose_model(path)
