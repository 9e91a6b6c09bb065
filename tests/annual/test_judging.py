"""Report judging (年报体检): the text comparison, the similarity index, each rule, the score."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from reportsets import concrete_five, make_agencies, make_tables

from gongkai.annual import rules as report_rules
from gongkai.annual.drafting import draft_sections, fill_placeholders
from gongkai.annual.judging import (
    RULES,
    Fingerprint,
    IndexFormatError,
    Reason,
    SimilarityIndex,
    Submission,
    Thresholds,
    default_weights,
    fingerprint,
    judge_all,
    judge_report,
    parse_weights,
    rank,
    score,
)
from gongkai.annual.judging.boilerplate import boilerplate, own_shingles, section_shingles
from gongkai.annual.judging.checks import (
    FINDING_RULES,
    carried_over_reason,
    finding_reasons,
    in_force_reasons,
    late_reason,
)
from gongkai.annual.judging.problems import concreteness, follow_up, head, promises
from gongkai.annual.judging.similarity import MIN_SHINGLES, NUM_PERM, PARTS, band_hashes
from gongkai.annual.judging.text import jaccard, name_forms, normalise, shingle_hashes
from gongkai.annual.model import cell_paths, get_cell, set_cell
from gongkai.law.report_due import due_date, kind_from_name


def zero_report(agency: str = "平罗县教育局", year: int = 2024, fmt: str = "2021") -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for path in cell_paths(fmt):
        set_cell(tables, path, 0)
    return {"agency": agency, "year": year, "format": fmt, "fees_yuan": 0, "tables": tables}


OWN_WORDS = (
    "围绕黄河流域生态保护和高质量发展，在“平罗教育”公众号开设“家门口的好学校”专栏，"
    "全年推送招生入学、课后服务、学生资助政策解读一百二十篇；组织校长走进直播间答疑六场，"
    "把义务教育划片方案、民办学校收费标准逐条讲清楚，家长留言全部在三个工作日内回复。"
    "对城区七所学校的食堂采购、校服选购情况开展专项公开，并在校门口公示栏同步张贴。"
)


def drafted(agency: str, own: str = "") -> dict[str, Any]:
    """A report drafted in gongkai, its placeholders filled with `own` words (or left empty)."""
    report = zero_report(agency)
    sections = draft_sections(report)
    report["sections"] = {k: fill_placeholders(v, lambda hint: own) for k, v in sections.items()}
    return report


# --- comparable text ----------------------------------------------------------------------------------


def test_normalise_masks_names_figures_layout_and_punctuation() -> None:
    a = normalise("2024年，中卫市教育局 全年公开\n信息 1,136 条。", "中卫市教育局")
    b = normalise("2023 年，平罗县教育局全年公开信息 97 条！", "平罗县教育局")
    assert a == b == "#年机全年公开信息#条"
    assert name_forms("淮安市洪泽区人民政府") == ("淮安市洪泽区人民政府", "人民政府")
    assert name_forms("中卫市工业和信息化局") == ("中卫市工业和信息化局", "工业和信息化局")


def test_shingle_hashes_are_the_same_in_every_process() -> None:
    # fixed values: fingerprints made by one worker are compared with those of another
    hashes = shingle_hashes(normalise("政务公开工作有序开展"))
    assert len(hashes) == 6 and hashes.dtype == np.uint32
    assert int(hashes[0]) == 43997545  # changing the hash makes every stored fingerprint useless
    assert (
        shingle_hashes("abc").tolist() == shingle_hashes("abc").tolist() and len(shingle_hashes("abc")) == 1
    )


def test_jaccard() -> None:
    a, b = np.array([1, 2, 3, 4], dtype=np.uint32), np.array([3, 4, 5], dtype=np.uint32)
    assert jaccard(a, b) == pytest.approx(2 / 5)
    assert jaccard(a[:0], b[:0]) == 0.0


def test_gongkai_drafts_and_stock_phrases_are_not_own_wording() -> None:
    """Two agencies that leave gongkai's draft as it is share nothing of their own."""
    for agency in ("平罗县教育局", "淮安市人民政府"):
        parts = section_shingles(drafted(agency)["sections"], agency)
        assert len(parts["all"]) < MIN_SHINGLES, agency
    stock = "坚持以习近平新时代中国特色社会主义思想为指导，严格落实《政府信息公开信息处理费管理办法》。"
    assert len(own_shingles(stock)) < 8
    assert len(boilerplate()) > 1000


def test_own_words_survive_in_a_drafted_report() -> None:
    parts = section_shingles(drafted("平罗县教育局", OWN_WORDS)["sections"], "平罗县教育局")
    assert len(parts["一"]) > 3 * MIN_SHINGLES


# --- the similarity index ---------------------------------------------------------------------------------


def _prose(rng: random.Random, agency: str) -> dict[str, Any]:
    """A drafted report whose placeholders hold random own words."""
    words = "政务公开栏目信息平台群众企业解读发布审核培训考核评议专栏服务清单目录意见办理"
    own = lambda hint: "".join(rng.choice(words) for _ in range(60)) + "。"  # noqa: E731
    report = zero_report(agency)
    report["sections"] = {k: fill_placeholders(v, own) for k, v in draft_sections(report).items()}
    report["sections"]["五"] = "".join(rng.choice(words) for _ in range(120))
    return report


@pytest.fixture(scope="module")
def corpus() -> list[Fingerprint]:
    rng = random.Random(5)
    reports = [_prose(rng, f"第{i}局") for i in range(300)]
    copy = {**reports[0], "agency": "抄袭局", "sections": dict(reports[0]["sections"])}
    copy["sections"] = {k: v.replace("第0局", "抄袭局") for k, v in copy["sections"].items()}
    reports.append(copy)
    return [fingerprint(r, key=f"R{i}") for i, r in enumerate(reports)]


def test_index_finds_the_copy_and_nothing_else(corpus: list[Fingerprint]) -> None:
    index = SimilarityIndex(corpus)
    copy = corpus[-1]
    matches = index.similar(copy, threshold=0.6)
    assert {(m.key, m.part) for m in matches} == {("R0", "all"), ("R0", "一"), ("R0", "五")}
    assert all(m.similarity > 0.95 and m.name == "第0局" for m in matches)
    assert index.similar(corpus[5], threshold=0.6) == []


def test_index_agrees_with_a_brute_force_search(corpus: list[Fingerprint]) -> None:
    """Every pair whose MinHash estimate reaches 0.5 is found by the band index (LSH)."""
    index = SimilarityIndex(corpus)
    signatures = np.stack([fp.signatures[0] for fp in corpus])
    for fp in corpus[::7]:
        brute = {
            corpus[i].key
            for i in np.flatnonzero((signatures == fp.signatures[0]).mean(axis=1) >= 0.5)
            if corpus[i].key != fp.key and corpus[i].comparable(0)
        }
        found = {m.key for m in index.similar(fp, threshold=0.5) if m.part == "all"}
        assert found == brute


def test_index_built_incrementally_serialised_and_reloaded(corpus: list[Fingerprint]) -> None:
    index = SimilarityIndex()
    for fp in corpus[:150]:
        index.add(fp)
    assert index.similar(corpus[-1], threshold=0.6)[0].key == "R0"  # queried while building
    for fp in corpus[150:]:
        index.add(fp)
    index.add(corpus[3])  # again: replaces, does not duplicate
    assert len(index) == len(corpus)
    data = index.to_bytes()
    again = SimilarityIndex.from_bytes(data)
    assert len(again) == len(corpus) and "R7" in again
    assert again.similar(corpus[-1], threshold=0.6) == index.similar(corpus[-1], threshold=0.6)
    assert again.remove("R0") and not again.remove("R0")
    assert again.similar(corpus[-1], threshold=0.6) == []
    assert SimilarityIndex.from_bytes(SimilarityIndex().to_bytes()).similar(corpus[0], threshold=0.1) == []


def test_index_filters_years_and_agencies(corpus: list[Fingerprint]) -> None:
    source = corpus[0]
    same_agency = Fingerprint("S", source.agency, source.year, None, source.sizes, source.signatures)
    last_year = Fingerprint("L", "其他局", source.year - 1, None, source.sizes, source.signatures)
    index = SimilarityIndex([source, same_agency, last_year])
    probe = Fingerprint("P", source.agency, source.year, None, source.sizes, source.signatures)
    assert {m.key for m in index.similar(probe, threshold=0.6)} == set()
    assert {m.key for m in index.similar(probe, threshold=0.6, other_agencies=False)} == {"R0", "S"}
    assert {m.key for m in index.similar(probe, threshold=0.6, years=[source.year - 1])} == {"L"}


def test_fingerprint_bytes_round_trip_and_bad_data(corpus: list[Fingerprint]) -> None:
    fp = corpus[1]
    back = Fingerprint.from_bytes(fp.to_bytes())
    assert (back.key, back.agency, back.year, back.sizes) == (fp.key, fp.agency, fp.year, fp.sizes)
    assert np.array_equal(back.signatures, fp.signatures)
    with pytest.raises(IndexFormatError, match="损坏"):
        Fingerprint.from_bytes(b"\x05\x00\x00\x00{nope")
    with pytest.raises(IndexFormatError, match="损坏"):
        SimilarityIndex.from_bytes(b"not an index")
    data = fp.to_bytes()
    size = int.from_bytes(data[:4], "little")
    head = data[4 : 4 + size].replace(b'"version": "', b'"version": "x')
    stale = len(head).to_bytes(4, "little") + head + data[4 + size :]
    with pytest.raises(IndexFormatError, match="另一版本"):
        Fingerprint.from_bytes(stale)
    assert band_hashes(fp.signatures).shape == (len(PARTS), 42) and fp.signatures.shape == (
        len(PARTS),
        NUM_PERM,
    )


# --- rules ----------------------------------------------------------------------------------------------


def test_every_finding_of_the_report_checker_has_a_judging_rule() -> None:
    assert set(FINDING_RULES) == set(report_rules.RULES)
    assert {rule for rule in FINDING_RULES.values() if rule} <= set(RULES)


def test_the_weights_name_every_rule_and_reject_nonsense() -> None:
    assert set(default_weights()) == set(RULES)
    with pytest.raises(ValueError, match="未知的规则"):
        parse_weights({"copy.everything": {"error": 3}})
    with pytest.raises(ValueError, match="非负整数"):
        parse_weights({"late": {"error": -3}})


def test_score_caps_each_rule_and_never_goes_below_zero() -> None:
    blanks = [Reason("tables.incomplete", "error", "空白")] * 20
    assert score(blanks) == 90  # 2 points each, at most 10
    everything = [Reason(rule, "error", "") for rule in RULES] * 5
    assert score(everything) == 0
    assert score([Reason("reading.uncertain", "info", "")]) == 100


def test_due_dates_live_in_the_law() -> None:
    assert due_date("department", 2024) == dt.date(2025, 1, 31)
    assert due_date("government", 2024) == dt.date(2025, 3, 31)
    assert kind_from_name("平罗县人民政府") == "government"
    assert kind_from_name("平罗县人民政府办公室") == "department"


def test_late() -> None:
    assert late_reason(2024, "department", published_on=dt.date(2025, 1, 31)) is None
    late = late_reason(2024, "department", published_on=dt.date(2025, 2, 3))
    assert late and late.severity == "error" and "逾期3天" in late.message and "第四十九条" in late.message
    assert late_reason(2024, "government", published_on=dt.date(2025, 3, 2)) is None
    local = late_reason(2024, "department", published_on=dt.date(2025, 1, 25), local_due=dt.date(2025, 1, 20))
    assert local and "本地规定" in local.message and "逾期5天" in local.message
    # a later local date does not extend the statutory one
    assert late_reason(2024, "department", published_on=dt.date(2025, 2, 5), local_due=dt.date(2025, 2, 10))
    unpublished = late_reason(2024, "department", today=dt.date(2025, 2, 10))
    assert unpublished and "尚未公布" in unpublished.message
    signed = late_reason(2024, "department", signed_on=dt.date(2025, 2, 8))
    assert signed and signed.severity == "warning" and "落款" in signed.message


def _pair() -> tuple[dict[str, Any], dict[str, Any]]:
    rng = random.Random(3)
    previous = zero_report(year=2023)
    previous["tables"] = make_tables(rng, "2021", None, None)
    report = zero_report(year=2024)
    report["tables"] = make_tables(rng, "2021", previous["tables"], "2021")
    return previous, report


def test_continuity_holds_for_consistent_years() -> None:
    previous, report = _pair()
    assert carried_over_reason(report, previous) is None
    assert in_force_reasons(report, previous) == []


def test_carried_over_mismatch_names_the_column() -> None:
    previous, report = _pair()
    now = get_cell(report["tables"], "requests.carried_over.natural_person") or 0
    set_cell(report["tables"], "requests.carried_over.natural_person", now + 2)
    reason = carried_over_reason(report, previous)
    assert reason and reason.rule == "continuity.carried_over"
    assert f"自然人本年为{now + 2}件、上年为{now}件" in reason.message


def test_in_force_more_is_an_error_fewer_a_warning() -> None:
    previous, report = _pair()
    path = "proactive.normative_documents.in_force"
    now = int(get_cell(report["tables"], path) or 0)
    set_cell(report["tables"], path, now + 2)
    (more,) = in_force_reasons(report, previous)
    assert more.severity == "error" and "多出2件" in more.message and "变动幅度较大" not in more.message
    set_cell(report["tables"], path, now + 40)
    (jump,) = in_force_reasons(report, previous)
    assert "多出40件，变动幅度较大" in jump.message
    set_cell(report["tables"], path, max(now - 1, 0))
    if now:
        (fewer,) = in_force_reasons(report, previous)
        assert fewer.severity == "warning" and "少了1件" in fewer.message
    assert in_force_reasons({**report, "format": "2019"}, previous) == []


def test_reader_doubts_fold_into_one_caveat_and_signing_after_the_deadline_is_left_to_late() -> None:
    findings = [
        {"rule": "ambiguous_digits", "severity": "error", "message": f"第{i}处不确定。"} for i in range(5)
    ] + [{"rule": "signed_after_deadline", "severity": "warning", "message": "晚"}]
    (caveat,) = finding_reasons(findings)
    assert caveat.rule == "reading.uncertain" and caveat.severity == "info" and "等5处" in caveat.message


# --- section 五 ----------------------------------------------------------------------------------------


def test_boilerplate_problems_and_concrete_ones() -> None:
    stock = "一是公开内容还不够全面；二是队伍建设有待加强。下一步，我们将进一步加强学习培训，丰富解读形式。"
    assert concreteness(stock).boilerplate
    numbered = "1.信息公开意识有待增强。2.政策解读形式单一。（3）时效性有待提高。2025年将加强队伍建设。"
    assert concreteness(numbered).boilerplate  # item numbers and years are not figures
    assert not concreteness("“政策文件”栏目全年仅更新3条。").boilerplate
    assert not concreteness("部分科室未按《平罗县政务信息报送办法》报送。").boilerplate
    assert concreteness("部分干部对“三审三校”理解不到位。").boilerplate  # a stock phrase names nothing
    assert not concreteness("").boilerplate


def test_promises_and_their_heads() -> None:
    text = "存在问题：一是更新慢；二是解读少。下一步：一是建立栏目更新提醒机制，每月通报；二是开通“平罗教育”解读专栏。"
    items = promises(text)
    assert [head(item) for item in items] == ["建立栏目更新提醒机制", "开通“平罗教育”解读专栏"]


def test_follow_up_found_repeated_and_missing() -> None:
    rng = random.Random(9)
    (agency,) = make_agencies(rng, 1)
    last = concrete_five(rng, agency, 2023, ())
    followed = concrete_five(rng, agency, 2024, last.heads, last.heads)
    result = follow_up(last.text, {"一": "", "五": followed.text}, agency.name, agency.name)
    assert result is not None and result.followed_up and all(result.followed)
    silent = concrete_five(rng, agency, 2024, (), last.heads)
    result = follow_up(last.text, {"一": "", "五": silent.text}, agency.name, agency.name)
    assert result is not None and not result.followed_up and not any(result.repeated)
    result = follow_up(last.text, {"一": "", "五": last.text}, agency.name, agency.name)
    assert result is not None and all(result.repeated) and not result.followed_up


# --- whole reports ---------------------------------------------------------------------------------------


def test_judge_report_takes_sections_apart_and_gives_the_json_line() -> None:
    report = drafted("平罗县教育局", OWN_WORDS)
    sections = report.pop("sections")
    sections["五"] = ""
    judgement = judge_report(report, sections=sections, published_on=dt.date(2025, 2, 2))
    assert judgement.rules() == {"late", "section.missing"}
    line = judgement.as_dict()
    assert line["agency"] == "平罗县教育局" and line["year"] == 2024 and line["score"] == 100 - 20 - 10
    assert {tuple(r) for r in line["reasons"]} == {("rule", "severity", "message")}


def test_judge_report_with_last_year_and_an_index() -> None:
    previous = drafted("平罗县教育局", OWN_WORDS)
    previous["year"] = 2023
    copy = drafted("平罗县教育局", OWN_WORDS)
    other = drafted("中宁县教育局", OWN_WORDS)
    index = SimilarityIndex([fingerprint(other, key="other", published_on=dt.date(2025, 1, 3))])
    judgement = judge_report(
        copy, key="mine", previous=previous, index=index, published_on=dt.date(2025, 1, 9)
    )
    assert {"copy.previous_year", "copy.other_agency"} <= judgement.rules()
    assert judgement.similar[0].key == "other"
    assert "中宁县教育局" in next(r.message for r in judgement.reasons if r.rule == "copy.other_agency")
    # published before the other: the other copied this one
    first = judge_report(copy, key="mine", index=index, published_on=dt.date(2025, 1, 2))
    assert "copy.other_agency" not in first.rules()


def test_unknown_year_is_said_not_guessed() -> None:
    report = drafted("平罗县教育局", OWN_WORDS)
    report["year"] = None
    judgement = judge_report(report)
    assert "late" not in judgement.rules()
    assert any("没有读出报告年度" in r.message for r in judgement.reasons)


def test_rank_shares_places() -> None:
    reports = [
        Submission(f"K{i}", drafted(name, OWN_WORDS), published_on=day)
        for i, (name, day) in enumerate(
            [("甲局", dt.date(2025, 1, 10)), ("乙局", dt.date(2025, 2, 10)), ("丙局", dt.date(2025, 2, 12))]
        )
    ]
    thresholds = Thresholds(copy_other=1.1)  # the three share their words: leave copying out here
    ranked = rank(judge_all(reports, thresholds=thresholds))
    assert [(place, j.agency) for place, j in ranked] == [(1, "甲局"), (2, "丙局"), (2, "乙局")]


def test_judge_all_rejects_duplicate_keys() -> None:
    report = drafted("甲局")
    with pytest.raises(ValueError, match="重复"):
        judge_all([Submission("K", report), Submission("K", report)])


# --- real reports ---------------------------------------------------------------------------------------


@pytest.mark.shared
def test_real_reports_judged_as_measured(shared_dir: Path) -> None:
    """The real reports: no copying between agencies; 洪泽区 repeats two of 2023's promises in 2024."""
    from gongkai.annual.reader import read_document
    from gongkai.annual.sources import load_document

    files = sorted((shared_dir / "seeds").glob("*.txt")) + sorted((shared_dir / "real").glob("*.txt"))
    subs = []
    for path in files:
        report = read_document(load_document(path))
        agency = "洪泽区" if path.name.startswith("hongze") else report["agency"]
        subs.append(Submission(path.name, report, agency=agency))
    judged = {j.key: j for j in judge_all(subs)}
    flagged = {key for key, j in judged.items() if j.rules() & {"copy.other_agency", "copy.previous_year"}}
    assert flagged == set()
    assert "problems.not_followed_up" in judged["hongze-2024.txt"].rules()
    boilerplate_five = {key for key, j in judged.items() if "problems.boilerplate" in j.rules()}
    assert boilerplate_five == {
        "hongze-2023.txt",
        "hongze-2024.txt",
        "002_6f6db53945ee007d.txt",
        "004_3b0ef87fded11b72.txt",
    }
