"""The public column (issue 11 point 1): every section without login, the document page with its metadata
block, search over a government's column, the annual reports in four formats, embedding, the large-text
switch, and anonymous access to published things only."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from proactive_helpers import draft, publish, step

from gongkai.proactive import services as proactive

TODAY = dt.date(2025, 3, 10)
YEAR = 2024


@pytest.fixture
def published(world: Any) -> Any:
    return publish(world, draft(world, TODAY), TODAY)


def publish_report(report: Any, world: Any) -> None:
    from gongkai.annual.drafting import fill_placeholders
    from gongkai.reports import services as reports

    report.refresh_from_db()
    sections = {k: fill_placeholders(v, lambda hint: "已按要求开展。") for k, v in report.sections.items()}
    reports.update_sections(report, world.clerk, sections)
    reports.check(report, world.clerk)
    reports.approve(report, world.head)
    reports.publish(report, world.clerk)


def get(url: str, **params: Any) -> Any:
    return Client().get(url, params)


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.django_db
def test_index_lists_governments_and_their_departments(world: Any) -> None:
    page = text(get(reverse("portal:index")))
    assert "淮安市洪泽区人民政府" in page and "洪泽区教育局" in page
    assert reverse("portal:column", args=["hongze-jyj"]) in page


@pytest.mark.django_db
def test_agency_column_has_the_four_sections(world: Any, published: Any) -> None:
    page = text(get(reverse("portal:column", args=["hongze-jyj"])))
    for section in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告"):
        assert section in page
    assert published.title in page
    assert "/gk/hongze-jyj/apply/" in page  # the on-line application form, by path until it exists
    assert "返回淮安市洪泽区人民政府政府信息公开专栏" in page


@pytest.mark.django_db
def test_government_column_links_its_departments(world: Any) -> None:
    page = text(get(reverse("portal:column", args=["hongze"])))
    assert "所属部门的政府信息公开专栏" in page
    assert reverse("portal:column", args=["hongze-jyj"]) in page
    assert reverse("portal:column", args=["hongze-zrzyj"]) in page
    assert reverse("portal:column", args=["huaiyin"]) not in page  # another government's


@pytest.mark.django_db
def test_unknown_agency_is_404(world: Any) -> None:
    for name in ("column", "guide", "rules", "catalogue", "search", "reports"):
        assert get(reverse(f"portal:{name}", args=["no-such-agency"])).status_code == 404


@pytest.mark.django_db
def test_guide_page_and_docx(world: Any, published: Any) -> None:
    page = text(get(reverse("portal:guide", args=["hongze-jyj"])))
    assert "洪泽区教育局政府信息公开指南" in page and "获取方式" in page
    file = get(reverse("portal:guide_file", args=["hongze-jyj"]))
    assert file.status_code == 200 and file.content.startswith(b"PK")
    assert "attachment" in file["Content-Disposition"]


@pytest.mark.django_db
def test_catalogue_is_arranged_by_article_items_with_filters_and_search(world: Any, published: Any) -> None:
    other = publish(
        world,
        draft(world, TODAY, title="洪泽区教育局2024年部门决算", kind="budget", article_item="20.7"),
        TODAY,
    )
    url = reverse("portal:catalogue", args=["hongze-jyj"])
    page = text(get(url))
    assert "第二十条（一）行政法规、规章和规范性文件" in page and "第二十一条" in page
    assert published.title in page and other.title in page
    by_item = text(get(url, article_item="20.7"))
    assert other.title in by_item and published.title not in by_item
    assert "财政预算、决算信息" in by_item
    searched = text(get(url, q="部门决算"))
    assert other.title in searched and published.title not in searched
    filtered = text(get(url, kind="normative", year="2025", validity="valid"))
    assert published.title in filtered and other.title not in filtered
    assert "没有符合条件的信息" in text(get(url, year="1999"))


@pytest.mark.django_db
def test_rules_section_lists_documents_of_that_kind(world: Any, published: Any) -> None:
    rule = publish(
        world,
        draft(
            world, TODAY, title="洪泽区教育局政府信息公开保密审查制度", kind="disclosure_rule", doc_number=""
        ),
        TODAY,
    )
    page = text(get(reverse("portal:rules", args=["hongze-jyj"])))
    assert rule.title in page and published.title not in page
    assert rule.title in text(get(reverse("portal:column", args=["hongze-jyj"])))


@pytest.mark.django_db
def test_document_page_shows_the_metadata_block(world: Any, published: Any) -> None:
    page = text(get(reverse("portal:document", args=["hongze-jyj", published.pk])))
    for label in ("索引号", "发文机关", "文号", "成文日期", "发布日期", "主题分类", "有效性"):
        assert f'<th scope="row">{label}</th>' in page
    assert published.index_number in page
    assert "洪教发〔2025〕3号" in page or published.doc_number in page
    assert "2025年3月3日" in page and "科技、教育" in page and "有效" in page
    assert "现就做好2025年义务教育招生工作通知如下" in page
    assert "本文件已" not in page


@pytest.mark.django_db
def test_repealed_document_says_so_at_the_top(world: Any, published: Any) -> None:
    repealed = step(published, "repeal", world.clerk, TODAY, on=TODAY, repealed_by="关于废止部分文件的决定")
    page = text(get(reverse("portal:document", args=["hongze-jyj", repealed.pk])))
    banner = page.index("本文件已废止")
    assert banner < page.index("<h1>") and banner < page.index("索引号")
    assert "2025年3月10日废止" in page and "关于废止部分文件的决定" in page


@pytest.mark.django_db
def test_interpretation_and_attachment_of_a_published_document(world: Any, published: Any) -> None:
    explained = draft(world, TODAY, title="《招生工作通知》政策解读", kind="interpretation", doc_number="")
    explained = proactive.link_interpretation(explained, published, world.clerk)
    attachment = proactive.add_attachment(
        explained, world.clerk, SimpleUploadedFile("招生范围.pdf", b"%PDF-1.4\n%test\n"), today=TODAY
    )
    unpublished_page = reverse("portal:document", args=["hongze-jyj", explained.pk])
    attachment_url = reverse("portal:attachment", args=["hongze-jyj", explained.pk, attachment.pk])
    assert get(unpublished_page).status_code == 404
    assert get(attachment_url).status_code == 404  # the draft's file is not public
    assert "政策解读" not in text(get(reverse("portal:document", args=["hongze-jyj", published.pk])))
    explained = publish(world, explained, TODAY)
    policy = text(get(reverse("portal:document", args=["hongze-jyj", published.pk])))
    assert "政策解读" in policy and explained.title in policy
    page = text(get(unpublished_page))
    assert "所解读的政策" in page and published.title in page and "招生范围.pdf" in page
    file = get(attachment_url)
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")
    # an attachment is reached only under its own document
    assert (
        get(reverse("portal:attachment", args=["hongze-jyj", published.pk, attachment.pk])).status_code == 404
    )


@pytest.mark.django_db
def test_only_published_documents_are_public(world: Any, published: Any) -> None:
    drafted = draft(world, TODAY, title="洪泽区教育局尚未发布的文件")
    withheld = draft(
        world,
        TODAY,
        title="洪泽区教育局不予公开的文件",
        disclosure="withheld",
        withheld_reason="涉及第三方",
        withheld_article="art15",
    )
    withdrawn = publish(world, draft(world, TODAY, title="洪泽区教育局后来撤回的文件"), TODAY)
    withdrawn = step(withdrawn, "withdraw", world.head, TODAY, opinion="内容有误")
    for document in (drafted, withheld, withdrawn):
        assert get(reverse("portal:document", args=["hongze-jyj", document.pk])).status_code == 404
    # a published document under another agency's address is not found either
    assert get(reverse("portal:document", args=["hongze-zrzyj", published.pk])).status_code == 404
    listing = text(get(reverse("portal:catalogue", args=["hongze-jyj"])))
    search = text(get(reverse("portal:search", args=["hongze"]), q="洪泽区教育局"))
    for page in (listing, search):
        assert published.title in page
        for hidden in ("尚未发布的文件", "不予公开的文件", "后来撤回的文件"):
            assert hidden not in page


@pytest.mark.django_db
def test_one_search_over_a_governments_column(world: Any, published: Any) -> None:
    from gongkai.proactive.models import Document, State

    Document.objects.create(
        agency=world.agency_b,
        title="洪泽区自然资源局关于招生用地保障的通知",
        formed_on=TODAY,
        published_on=TODAY,
        state=State.PUBLISHED,
        index_number="B/2025-00001",
    )
    url = reverse("portal:search", args=["hongze"])
    page = text(get(url, q="招生"))
    assert published.title in page and "关于招生用地保障的通知" in page
    assert "洪泽区自然资源局" in page  # the agency of each result is shown
    narrowed = text(get(url, q="招生", agency=str(world.agency_b.pk)))
    assert published.title not in narrowed and "关于招生用地保障的通知" in narrowed
    own = text(get(reverse("portal:search", args=["hongze-jyj"]), q="招生"))
    assert published.title in own and "关于招生用地保障的通知" not in own
    assert "找到" not in text(get(url))  # no search without words


@pytest.mark.django_db
def test_reports_in_four_formats_and_drafts_stay_private(world: Any) -> None:
    from gongkai.reports import services as reports

    report = reports.open_report(world.agency_a, YEAR, world.clerk)
    listing = reverse("portal:reports", args=["hongze-jyj"])
    assert "尚未发布年度报告" in text(get(listing))
    for kind in ("docx", "pdf", "xlsx"):
        assert get(reverse("portal:report_file", args=["hongze-jyj", YEAR, kind])).status_code == 404
    assert get(reverse("portal:report", args=["hongze-jyj", YEAR])).status_code == 404
    publish_report(report, world)
    page = text(get(reverse("portal:report", args=["hongze-jyj", YEAR])))
    assert "<table" in page and "洪泽区教育局" in page
    assert f"洪泽区教育局{YEAR}年政府信息公开工作年度报告" in text(get(listing))
    for kind, magic in (("docx", b"PK"), ("pdf", b"%PDF"), ("xlsx", b"PK")):
        response = get(reverse("portal:report_file", args=["hongze-jyj", YEAR, kind]))
        assert response.status_code == 200 and response.content.startswith(magic), kind
        assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(
        io.BytesIO(get(reverse("portal:report_file", args=["hongze-jyj", YEAR, "xlsx"])).content)
    )
    assert workbook.sheetnames


@pytest.mark.django_db
def test_former_public_addresses_redirect_permanently(world: Any) -> None:
    cases = {
        "/public/": "/gk/",
        "/public/hongze-jyj/reports/": "/gk/hongze-jyj/reports/",
        "/public/hongze-jyj/reports/2024/": "/gk/hongze-jyj/reports/2024/",
        "/public/hongze-jyj/reports/2024.pdf": "/gk/hongze-jyj/reports/2024.pdf",
    }
    for old, new in cases.items():
        response = get(old)
        assert (response.status_code, response["Location"]) == (301, new), old


@pytest.mark.django_db
def test_embed_layout_is_bare_and_frameable(world: Any, published: Any) -> None:
    url = reverse("portal:catalogue", args=["hongze-jyj"])
    full = get(url)
    assert full["X-Frame-Options"] == "DENY"
    assert 'class="gk-top"' in text(full)
    embedded = get(url, embed="1")
    assert "X-Frame-Options" not in embedded
    page = text(embedded)
    assert 'class="gk-top"' not in page and "gk-foot" not in page
    assert (
        f"{reverse('portal:document', args=['hongze-jyj', published.pk])}?embed=1" in page
    )  # links stay embedded
    assert 'name="embed" value="1"' in page  # and so does the filter form


@pytest.mark.django_db
def test_large_text_mode_without_javascript(world: Any) -> None:
    client = Client()
    column = reverse("portal:column", args=["hongze-jyj"])
    assert "gk-large" not in text(client.get(column))
    assert "gk-large" in text(client.get(column, {"large": "1"}))
    response = client.get(reverse("portal:display"), {"large": "1", "next": column})
    assert (response.status_code, response["Location"]) == (302, column)
    page = text(client.get(column))
    assert 'class="gk gk-large"' in page and "标准字号" in page
    client.get(reverse("portal:display"), {"large": "0", "next": column})
    assert "gk-large" not in text(client.get(column))
    # the switch goes back only to a page of the column
    for target in ("https://evil.example/", "//evil.example/gk/", "/admin/"):
        response = client.get(reverse("portal:display"), {"large": "1", "next": target})
        assert response["Location"] == "/gk/", target


@pytest.mark.django_db
def test_every_page_has_a_skip_link_and_a_main_landmark(world: Any, published: Any) -> None:
    for url in (
        reverse("portal:index"),
        reverse("portal:column", args=["hongze-jyj"]),
        reverse("portal:document", args=["hongze-jyj", published.pk]),
    ):
        page = text(get(url))
        assert '<a class="gk-skip" href="#gk-main">跳到正文</a>' in page and 'id="gk-main"' in page


@pytest.mark.django_db
def test_column_errors_are_the_chinese_pages(world: Any, settings: Any) -> None:
    settings.DEBUG = False
    response = get("/gk/hongze-jyj/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and "Traceback" not in page and "urlpatterns" not in page.lower()
    assert "尚未公开" in page and 'href="/gk/"' in page and "返回政府信息公开专栏" in page
    # the same for a document that is not published, and for the former /public/ addresses
    assert "尚未公开" in get("/gk/hongze-jyj/documents/999999/").content.decode()
    assert "返回政府信息公开专栏" in get("/public/hongze-jyj/nothing/").content.decode()
    # the staff pages keep their own wording
    assert "返回工作台" in get("/no-such-page/").content.decode()


@pytest.mark.django_db
def test_a_server_error_in_the_column_is_the_chinese_page(world: Any, monkeypatch: Any) -> None:
    from gongkai.portal import columns

    def broken() -> Any:
        raise RuntimeError("simulated defect 5c1e")

    monkeypatch.setattr(columns, "index", broken)
    client = Client()
    client.raise_request_exception = False
    response = client.get(reverse("portal:index"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in page and "simulated defect" not in page and 'href="/gk/"' in page
