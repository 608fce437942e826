"""Measure matching runs on one BLAS thread, and the machine's setting is back after the check.

The products it computes are small (a directive's measures by a follower's sentences): a second
BLAS thread only spins beside the first, so a nightly cross-check paid about 40% more CPU for the
same wall time. The notice and the report are written for this test.
"""

from __future__ import annotations

from typing import Any

import pytest
from threadpoolctl import threadpool_info

from duban.pipeline import status
from tests.conftest import record

NOTICE = """白沙县人民政府办公室关于开展农村饮水安全排查的通知
各乡镇人民政府，县直各单位：
一、全面排查供水工程。各乡镇要于6月底前完成本辖区农村供水工程排查，建立问题清单。（牵头单位：县水利局）
二、及时整改发现问题。县水利局要会同县卫生健康局于9月底前完成问题整改并组织复核。
白沙县人民政府办公室
2024年5月6日
"""

REPORT = """白沙县水利局关于农村饮水安全排查工作进展情况的报告
按照《白沙县人民政府办公室关于开展农村饮水安全排查的通知》要求，现将进展情况报告如下。
一、供水工程排查已全部完成，共排查供水工程126处，建立问题清单一份。
二、问题整改正在推进，已整改问题31个，其余问题正在整改中。
白沙县水利局
2024年8月1日
"""


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_matching_runs_on_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _blas_threads()  # numpy, loaded by the matching module, brings its BLAS
    assert before, "numpy's BLAS library is not seen by threadpoolctl"
    seen: list[list[int]] = []
    real = status.match_pairs

    def watched(pairs: Any) -> Any:
        seen.append(_blas_threads())
        return real(pairs)

    monkeypatch.setattr(status, "match_pairs", watched)
    result = status.check([record(NOTICE, "notice"), record(REPORT, "report")], "2024-12-31")
    assert seen == [[1] * len(before)]
    assert _blas_threads() == before
    # the check itself ran: the report follows the notice and its measures were matched
    (checked,) = [c for c in result.directives if c.links]
    assert any(link.measures for link in checked.links)
