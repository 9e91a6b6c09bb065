"""The register: drafting, the review chain with its findings, publication with a 索引号, change,
withdrawal, repeal, re-review of withheld information, and the counts of table 二."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from proactive_helpers import USCC, draft, publish, step

TODAY = dt.date(2025, 3, 10)


def test_a_document_walks_the_chain_to_publication_and_repeal(world: Any) -> None:
    from gongkai.proactive import services
    from gongkai.proactive.models import DocumentEvent

    services.save_settings(world.agency_a, world.agency_admin, index_prefix=USCC)
    document = draft(world, TODAY)
    assert document.doc_number == "洪教发〔2025〕3号"  # brackets put right when drafting
    rules = {f["rule"] for f in document.findings}
    assert "pii.mobile" in rules
    assert document.publication_due == dt.date(2025, 3, 31)  # 20 working days after 3 March
    document = step(document, "submit", world.clerk, TODAY)
    document = step(document, "pass_secrecy", world.reviewer, TODAY)
    document = step(document, "approve_step", world.reviewer, TODAY)
    document = step(document, "approve_step", world.head, TODAY)
    with pytest.raises(services.ProactiveError, match="未确认已阅"):
        step(document, "approve_step", world.head, TODAY)
    document = services.acknowledge(document, world.head, [f["id"] for f in document.findings])
    document = step(document, "approve_step", world.head, TODAY)
    document = step(document, "publish", world.clerk, TODAY)
    assert document.index_number == f"{USCC}/2025-00001"
    assert document.published_on == TODAY and not document.late
    document = step(
        document, "repeal", world.clerk, TODAY, on=dt.date(2025, 3, 10), repealed_by="洪教发〔2025〕9号"
    )
    assert (document.validity, document.invalid_on) == ("repealed", dt.date(2025, 3, 10))
    actions = list(DocumentEvent.objects.filter(document=document).values_list("action", flat=True))
    assert actions == [
        "draft", "submit", "pass_secrecy", "approve_step", "approve_step", "acknowledge",
        "approve_step", "publish", "repeal",
    ]  # fmt: skip
    acknowledged = DocumentEvent.objects.get(document=document, action="acknowledge")
    assert acknowledged.actor == world.head and acknowledged.data["findings"]


def test_each_step_belongs_to_its_role(world: Any) -> None:
    from gongkai.proactive.services import ProactiveError

    document = step(draft(world, TODAY), "submit", world.clerk, TODAY)
    with pytest.raises(ProactiveError):
        step(document, "pass_secrecy", world.clerk, TODAY)
    with pytest.raises(ProactiveError):
        step(document, "publish", world.clerk, TODAY)
    with pytest.raises(ProactiveError, match="意见"):
        step(document, "return", world.reviewer, TODAY)
    document = step(document, "return", world.reviewer, TODAY, opinion="联系电话须遮盖")
    assert document.state == "drafted"


def test_a_secret_marking_is_never_publishable(world: Any) -> None:
    from gongkai.proactive.services import ProactiveError

    document = draft(world, TODAY, body="机密★5年\n关于某事项的报告。")
    document = step(document, "submit", world.clerk, TODAY)
    with pytest.raises(ProactiveError, match="涉密"):
        step(document, "pass_secrecy", world.reviewer, TODAY)


def test_index_numbers_run_per_agency_and_year_and_are_never_reused(world: Any) -> None:
    from gongkai.proactive import services

    services.save_settings(world.agency_a, world.agency_admin, index_prefix=USCC)
    first = publish(world, draft(world, TODAY, body="正文一。"), TODAY)
    second = publish(world, draft(world, TODAY, title="另一份通知", body="正文二。", doc_number=""), TODAY)
    third = publish(
        world, draft(world, TODAY, title="第三份", body="正文三。", doc_number=""), dt.date(2026, 1, 5)
    )
    assert [first.index_number, second.index_number, third.index_number] == [
        f"{USCC}/2025-00001",
        f"{USCC}/2025-00002",
        f"{USCC}/2026-00001",
    ]
    withdrawn = step(second, "withdraw", world.head, TODAY, opinion="内容有误")
    assert withdrawn.index_number == f"{USCC}/2025-00002"
    fourth = publish(world, draft(world, TODAY, title="第四份", body="正文四。", doc_number=""), TODAY)
    assert fourth.index_number == f"{USCC}/2025-00003"


def test_a_change_is_a_new_version_and_restarts_the_clock(world: Any) -> None:
    document = publish(world, draft(world, TODAY, body="正文。"), TODAY)
    number = document.index_number
    changed = step(
        document, "change", world.clerk, dt.date(2025, 4, 1), opinion="更正招生范围", on=dt.date(2025, 4, 1)
    )
    assert (changed.version, changed.state, changed.formed_on) == (2, "drafted", dt.date(2025, 4, 1))
    assert changed.publication_due == dt.date(2025, 4, 29)  # 4 April off, 27 April worked
    again = publish(world, changed, dt.date(2025, 4, 2))
    assert again.index_number == number  # 索引号 never change
    assert list(again.versions.values_list("number", flat=True)) == [1, 2]


def test_withheld_information_is_registered_and_re_reviewed(world: Any) -> None:
    from gongkai.proactive.services import ProactiveError

    with pytest.raises(ProactiveError, match="理由"):
        draft(world, TODAY, disclosure="withheld")
    document = draft(
        world,
        TODAY,
        disclosure="withheld",
        withheld_reason="涉及个人隐私",
        withheld_article="art15",
        body="名单。",
    )
    document = step(document, "submit", world.clerk, TODAY)
    for user in (world.reviewer, world.reviewer, world.head, world.head):
        document = step(
            document,
            "pass_secrecy"
            if user is world.reviewer and document.state == "secrecy_review"
            else "approve_step",
            user,
            TODAY,
        )
    document = step(document, "register", world.clerk, TODAY)
    assert (document.state, document.rereview_on) == ("registered", dt.date(2026, 3, 10))
    kept = step(document, "rereview", world.head, dt.date(2026, 3, 9), opinion="情况未变化")
    assert kept.rereview_on == dt.date(2027, 3, 9)
    released = step(
        kept, "rereview", world.head, dt.date(2026, 3, 10), opinion="当事人同意公开", release=True
    )
    assert (released.state, released.disclosure, released.formed_on) == (
        "approved",
        "proactive",
        dt.date(2026, 3, 10),
    )


def test_table_two_is_counted_from_the_register(world: Any) -> None:
    from gongkai.proactive.queries import table_two

    old = publish(world, draft(world, TODAY, written_on=dt.date(2024, 5, 1), body="一。"), TODAY)
    publish(world, draft(world, TODAY, title="二", doc_number="", body="二。"), TODAY)
    publish(world, draft(world, TODAY, title="规章", doc_number="", kind="regulation", body="三。"), TODAY)
    draft(world, TODAY, title="草稿", doc_number="", body="四。")  # not issued yet
    step(old, "repeal", world.clerk, TODAY, on=dt.date(2025, 3, 10))
    assert table_two([world.agency_a.pk], 2025) == {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 1},
        "normative_documents": {"issued": 1, "repealed": 1, "in_force": 1},
    }
    assert table_two([world.agency_a.pk], 2024)["normative_documents"] == {
        "issued": 1,
        "repealed": 0,
        "in_force": 1,
    }


def test_the_catalogue_searches_chinese_and_filters(world: Any) -> None:
    from gongkai.proactive.queries import CatalogueFilters, catalogue_page

    publish(world, draft(world, TODAY, body="关于学区划分的说明。"), TODAY)
    publish(
        world, draft(world, TODAY, title="2025年部门预算", doc_number="", kind="budget", body="预算。"), TODAY
    )
    agencies = [world.agency_a.pk]
    assert catalogue_page(agencies).total == 2
    found = catalogue_page(agencies, CatalogueFilters(q="学区划分")).rows
    assert [r["title"] for r in found] == ["洪泽区教育局关于做好2025年义务教育招生工作的通知"]
    assert catalogue_page(agencies, CatalogueFilters(q="预算")).total == 1  # two characters: scanned
    assert catalogue_page(agencies, CatalogueFilters(q="部门预算 2025")).total == 1
    assert catalogue_page(agencies, CatalogueFilters(kind="budget")).total == 1
    assert catalogue_page(agencies, CatalogueFilters(q="不存在的词语")).total == 0
    row = found[0]
    assert set(row) >= {
        "index_number", "title", "doc_number", "issuers", "written_on", "published_on", "kind",
        "disclosure", "validity", "invalid_on", "theme", "publication_due",
    }  # fmt: skip


def test_short_words_are_found_anywhere_even_at_the_very_end(world: Any, monkeypatch: Any) -> None:
    from gongkai.proactive import queries, search
    from gongkai.proactive.queries import CatalogueFilters, catalogue_page

    publish(world, draft(world, TODAY, title="耕地保护通知", doc_number="", body="正文末尾是鑫"), TODAY)
    publish(world, draft(world, TODAY, title="另一份", doc_number="", body="内容写到垦荒"), TODAY)
    agencies = [world.agency_a.pk]

    def titles(q: str) -> list[str]:
        return [r["title"] for r in catalogue_page(agencies, CatalogueFilters(q=q)).rows]

    assert titles("鑫") == ["耕地保护通知"]  # the text's last character
    assert titles("垦荒") == ["另一份"]  # the text's last two characters
    assert titles("耕地") == ["耕地保护通知"]
    assert titles("耕 荒") == []  # every word must be found
    assert titles("鍂") == []
    assert sorted(titles("内")) == ["另一份"]
    monkeypatch.setattr(search, "MAX_PREFIX_TERMS", 0)  # a common word: scanned in catalogue order
    assert titles("鑫") == ["耕地保护通知"] and titles("鍂") == []
    monkeypatch.setattr(queries, "COUNT_LIMIT", 1)
    page = catalogue_page(agencies)
    assert (page.total, page.total_capped, len(page.rows)) == (1, True, 2)


def test_remind_lists_overdue_publication_and_re_reviews(world: Any, gongkai_cli: Any, capsys: Any) -> None:
    import json

    draft(world, TODAY, formed_on=dt.date(2025, 1, 6), written_on=dt.date(2025, 1, 6), body="正文。")
    assert gongkai_cli(["remind", "--date", "2025-03-10", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["proactive"]
    assert [(i["agency"], i["status"], i["due"]) for i in items] == [
        ("洪泽区教育局", "overdue", "2025-02-08")
    ]
    assert gongkai_cli(["remind", "--date", "2025-03-10"]) == 0
    assert "逾期未公开" in capsys.readouterr().out


def test_a_policy_published_without_its_interpretation_is_flagged(
    world: Any, gongkai_cli: Any, capsys: Any, client_for: Any
) -> None:
    import json

    from gongkai.proactive import services
    from gongkai.proactive.models import ProactiveSettings
    from gongkai.proactive.queries import needs_interpretation

    policy = publish(world, draft(world, TODAY, body="正文。"), TODAY)
    notice = publish(world, draft(world, TODAY, title="会议通知", kind="notice", doc_number=""), TODAY)
    assert needs_interpretation(policy) and not needs_interpretation(notice)
    assert (
        "data-missing-interpretation"
        in client_for(world.clerk).get(f"/proactive/{policy.pk}/").content.decode()
    )
    assert gongkai_cli(["remind", "--date", "2025-03-10", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["proactive"]
    assert [(i["status"], i["title"]) for i in items] == [("interpretation", policy.title)]
    assert gongkai_cli(["remind", "--date", "2025-03-10"]) == 0
    assert "缺少政策解读" in capsys.readouterr().out

    explained = draft(world, TODAY, title="关于招生工作通知的政策解读", kind="interpretation", doc_number="")
    services.link_interpretation(explained, policy, world.clerk)
    assert not needs_interpretation(policy)

    other = publish(
        world, draft(world, TODAY, title="另一份规范性文件", doc_number="洪教发〔2025〕9号"), TODAY
    )
    assert needs_interpretation(other)
    ProactiveSettings.objects.create(agency=world.agency_a, requires_interpretation=False)
    assert not needs_interpretation(other)  # the agency does not require one


def test_the_annual_report_drafts_section_one_from_the_register(world: Any) -> None:
    from gongkai.reports import services as reports
    from gongkai.reports.queries import input_sources

    publish(world, draft(world, TODAY, body="正文。"), TODAY)
    publish(
        world,
        draft(
            world,
            TODAY,
            title="2025年部门预算",
            doc_number="",
            kind="budget",
            article_item="20.7",
            channels=["website", "new_media"],
        ),
        TODAY,
    )
    report = reports.open_report(world.agency_a, 2025, world.clerk)
    assert (
        "2025年，本机关通过政府信息公开目录主动公开政府信息2件，其中规章和规范性文件1件、财政预决算1件；"
        "按发布渠道，政府网站发布2件、政务新媒体发布1件。"
    ) in report.sections["一"]
    notes = {s.field: s.note for s in input_sources(report)}
    assert notes["normative_issued"].startswith("由政府信息登记簿")
    assert notes["licensing_decisions"] == "尚未录入（按0计）"


def test_several_agencies_catalogue_merges_in_the_catalogue_order(world: Any, monkeypatch: Any) -> None:
    from gongkai.proactive import queries
    from gongkai.proactive.models import Document, State

    days = [dt.date(2025, 1, 1) + dt.timedelta(days=(n * 7) % 23) for n in range(30)]
    Document.objects.bulk_create(
        Document(
            agency=world.agency_a if n % 3 else world.agency_b,
            state=State.PUBLISHED,
            title=f"文件{n}",
            formed_on=day,
            published_on=day,
            index_number=f"T/{n}",
        )
        for n, day in enumerate(days)
    )
    agencies = [world.agency_a.pk, world.agency_b.pk]

    def pages() -> list[list[str]]:
        return [
            [r["title"] for r in queries.catalogue_page(agencies, page=p, size=7).rows] for p in (1, 2, 5)
        ]

    merged = pages()
    monkeypatch.setattr(queries, "MERGE_LIMIT", 0)  # one query sorting every match
    assert merged == pages()
    assert [len(p) for p in merged] == [7, 7, 2]


def test_search_pages_and_counts_are_the_texts_holding_every_word(world: Any, monkeypatch: Any) -> None:
    """Every page and count of a search equals a plain reading of the texts, on SQLite and PostgreSQL —
    PostgreSQL's way through the trigram sets (`search.first_matches`) included, with look-alikes holding
    every trigram of a word but not the word, words at a text's very start and end, and LIKE's % and _."""
    from django.db import connection

    from gongkai.proactive import queries, search
    from gongkai.proactive.models import Document, State, search_text_of

    bodies = (
        "正文。",
        "依据基教发〔2024〕3号文件执行。",  # another document's 文号 cited in the text
        "基教发、〔2024〕、2024年",  # every trigram of 基教发〔2024〕, not the word
        "完成率100%_以上",
        "结尾是基教发〔2024〕",
    )
    documents = []
    for n in range(45):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=(n * 11) % 37)
        document = Document(
            agency=world.agency_a if n % 4 else world.agency_b,
            state=State.PUBLISHED,
            title=f"基教发〔2024〕{n}号开头的标题" if n % 9 == 0 else f"关于第{n}项工作的通知",
            doc_number=f"基教发〔{2023 + n % 2}〕{n}号" if n % 3 else "",
            body=bodies[n % len(bodies)],
            formed_on=day,
            published_on=day,
            index_number=f"T/{n}",
        )
        document.search_text = search_text_of(document)
        documents.append(document)
    Document.objects.bulk_create(documents)
    agencies = [world.agency_a.pk, world.agency_b.pk]
    ordered = list(Document.objects.filter(agency_id__in=agencies).order_by("-published_on", "-pk"))

    def expected(q: str) -> list[int]:
        found = search.words(q)
        return [d.pk for d in ordered if all(w.lower() in d.search_text.lower() for w in found)]

    def every_page(q: str) -> tuple[list[int], int | None]:
        ids, number, page = [], 1, queries.catalogue_page(agencies, queries.CatalogueFilters(q=q), 1, 4)
        while True:
            ids += [r["id"] for r in page.rows]
            if not page.has_next:
                return ids, page.total
            number += 1
            page = queries.catalogue_page(agencies, queries.CatalogueFilters(q=q), number, 4)

    if connection.vendor == "postgresql":  # the trigram sets are used where they apply
        catalogue = queries.catalogue(agencies)
        assert search.first_matches(catalogue, "基教发〔2024〕", 100) == expected("基教发〔2024〕")
        assert search.first_matches(catalogue, "Word", 100) is None
    monkeypatch.setattr(queries, "COUNT_LIMIT", 7)
    for q in (
        "基教发〔2024〕",
        "〔2024〕1",
        "2024 基教发",
        "基教发〔2023〕",
        "标题",
        "发〔",
        "〔",
        "%_",
        "100%",
        "鑫鑫鑫",
    ):
        wanted = expected(q)
        assert every_page(q) == (wanted, min(len(wanted), 7)), q
    assert len(expected("基教发〔2024〕")) > 7 and expected("鑫鑫鑫") == []
    # every word "common": short words are then not narrowed by the character index — same results
    monkeypatch.setattr(search, "MAX_CANDIDATES", 0)
    assert search.too_common("发〔") == (connection.vendor == "postgresql")
    for q in ("发〔", "〔", "标题", "2024 基教发", "基教发〔2024〕"):
        wanted = expected(q)
        assert every_page(q) == (wanted, min(len(wanted), 7)), q
