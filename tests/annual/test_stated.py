"""The figures a report's narrative states about its tables (`reading.stated`)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gongkai.annual.reading.stated import stated_figures
from gongkai.annual.textnorm import normalize, squash


def _figures(text: str) -> dict[tuple[str, ...], int | float | None]:
    equations, values = stated_figures([squash(text)])
    return {eq.left: values[eq.right[0]] for eq in equations}


def test_gongkai_drafting_and_real_wording_state_table_figures() -> None:
    found = _figures(
        "本年度制发规章4件、行政规范性文件3件，废止规章0件、行政规范性文件1件，现行有效规章16件、"
        "行政规范性文件20件。全年作出行政许可决定12件；行政处罚决定0件。本年度行政事业性收费金额3.5万元。"
        "2024年，全市共受理政府信息公开申请 3119 件，答复 3050 件。政府信息公开行政复议 351 件，其中结果维持 72 件，"
        "尚未审结 37 件；行政诉讼28件（其中未经复议直接起诉24件、复议后起诉4件；结果维持12件、其他结果16件）。"
    )
    assert found[("proactive.regulations.issued",)] == 4
    assert found[("proactive.normative_documents.repealed",)] == 1
    assert found[("proactive.normative_documents.in_force",)] == 20
    assert found[("proactive.administrative_licensing.decisions",)] == 12
    assert found[("proactive.administrative_fees.amount_wan_yuan",)] == 3.5
    assert found[("requests.new.total",)] == 3119
    assert found[("reviews.reconsideration.total",)] == 351
    assert found[("reviews.reconsideration.upheld",)] == 72
    assert found[("reviews.reconsideration.pending",)] == 37
    assert found[("reviews.litigation_direct.total",)] == 24
    assert found[("reviews.litigation_after_reconsideration.total",)] == 4
    litigation = ("reviews.litigation_direct.other", "reviews.litigation_after_reconsideration.other")
    assert found[litigation] == 16


def test_a_figure_stated_twice_differently_is_no_evidence() -> None:
    found = _figures("制发规章4件、行政规范性文件3件。另，本年度制发规章5件、行政规范性文件3件。")
    assert ("proactive.regulations.issued",) not in found
    assert found[("proactive.normative_documents.issued",)] == 3


def test_one_document_kind_with_its_own_verb_states_its_figure() -> None:
    """Real reports also state table 二's figures one kind at a time, each with its verb, or say
    that none was issued; a figure about both kinds at once ('废止规章和规范性文件3件') says nothing
    about either."""
    found = _figures(
        "本年度制发行政规范性文件0件，共废止规范性文件3件，现行有效规范性文件52件。本年度未制发规章。"
        "现行有效规章16件。废止规章和规范性文件3件。"
    )
    assert found[("proactive.normative_documents.issued",)] == 0
    assert found[("proactive.normative_documents.repealed",)] == 3
    assert found[("proactive.normative_documents.in_force",)] == 52
    assert found[("proactive.regulations.issued",)] == 0
    assert found[("proactive.regulations.in_force",)] == 16
    assert ("proactive.regulations.repealed",) not in found


@given(
    st.text(
        alphabet=st.sampled_from(
            "a1 （）：，。２０２４年\u3000\u0301e\u3099か\u2460\ufb01\u212b\uff21\u1100\u1161"
        ),
        max_size=30,
    )
)
def test_normalize_is_nfkc(text: str) -> None:
    """The fast path (full-width forms replaced first) gives exactly unicodedata's NFKC."""
    assert normalize(text) == unicodedata.normalize("NFKC", text)
