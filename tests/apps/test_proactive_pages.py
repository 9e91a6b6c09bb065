"""The register's pages: drafting, the review with findings acknowledged, publication, the catalogue
with search and filters, the guide and its Word file, settings, web import; and who may open what."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from proactive_helpers import USCC, draft, publish

TODAY = dt.date(2025, 3, 10)


def _form(**values: str) -> dict[str, str]:
    data = {
        "title": "洪泽区教育局关于2025年学区划分的通告",
        "doc_number": "洪教发（2025）5号",
        "issuers": "洪泽区教育局、洪泽区自然资源局",
        "written_on": "2025-03-03",
        "formed_on": "2025-03-03",
        "kind": "normative",
        "theme": "科技、教育",
        "genre": "通告",
        "article_item": "20.11",
        "disclosure": "proactive",
        "summary": "公布2025年城区小学学区范围。",
        "body": "家长张三，身份证号11010519491231002X，反映的问题已处理。",
    }
    data.update(values)
    return data


def test_a_clerk_drafts_and_reviewers_take_it_to_publication(world: Any, client_for: Any) -> None:
    from gongkai.proactive.models import Document

    clerk, reviewer, head = client_for(world.clerk), client_for(world.reviewer), client_for(world.head)
    response = clerk.post("/proactive/new/", _form())
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/proactive/{document.pk}/"
    assert document.issuers == ["洪泽区教育局", "洪泽区自然资源局"]
    assert document.doc_number == "洪教发〔2025〕5号"
    page = clerk.get(f"/proactive/{document.pk}/").content.decode()
    assert "pii.id_number" in page and "未确认" in page
    clerk.post(f"/proactive/{document.pk}/step/submit/")
    reviewer.post(f"/proactive/{document.pk}/step/pass_secrecy/", {"opinion": "不涉密"})
    reviewer.post(f"/proactive/{document.pk}/step/approve_step/", {"opinion": "同意"})
    head.post(f"/proactive/{document.pk}/step/approve_step/", {"opinion": "同意"})
    response = head.post(f"/proactive/{document.pk}/step/approve_step/", {"opinion": "同意"}, follow=True)
    assert "未确认已阅" in response.content.decode()
    ids = [f["id"] for f in Document.objects.get().findings]
    head.post(f"/proactive/{document.pk}/acknowledge/", {"finding": ids, "opinion": "已遮盖处理"})
    head.post(f"/proactive/{document.pk}/step/approve_step/", {"opinion": "同意发布"})
    clerk.post(f"/proactive/{document.pk}/step/publish/")
    document.refresh_from_db()
    assert document.state == "published" and document.index_number
    catalogue = clerk.get("/catalogue/", {"q": "学区划分"}).content.decode()
    assert document.index_number in catalogue and "共 1 条" in catalogue
    assert "共 0 条" in clerk.get("/catalogue/", {"q": "学区划分", "kind": "regulation"}).content.decode()


def test_the_guide_is_generated_and_downloadable(world: Any, client_for: Any) -> None:
    import docx

    admin = client_for(world.agency_admin)
    page = admin.get(f"/agencies/{world.agency_a.pk}/guide/").content.decode()
    assert "尚未填写" in page and "第十二条要求" in page
    response = admin.post(
        f"/agencies/{world.agency_a.pk}/proactive-settings/",
        {
            "index_prefix": USCC.lower(),
            "index_pattern": "{prefix}/{year}-{serial:05d}",
            "withheld_review_months": "12",
            "office_name": "洪泽区教育局办公室",
            "office_address": "洪泽区东风路1号",
            "office_hours": "工作日 9:00–17:00",
            "office_phone": "0517-87221234",
            "office_fax": "0517-87221235",
            "office_web": "http://www.hongze.gov.cn",
        },
    )
    assert response.status_code == 302
    page = admin.get(f"/agencies/{world.agency_a.pk}/guide/").content.decode()
    assert "洪泽区东风路1号" in page and "本指南更新于" in page and f"{USCC}/2026-00001" in page
    word = docx.Document(io.BytesIO(admin.get(f"/agencies/{world.agency_a.pk}/guide.docx").content))
    assert any("洪泽区东风路1号" in p.text for p in word.paragraphs)
    bad = admin.post(
        f"/agencies/{world.agency_a.pk}/proactive-settings/",
        {"index_prefix": "11370322004222241M", "index_pattern": "{prefix}", "withheld_review_months": "12"},
    )
    assert "校验码不对" in bad.content.decode()


def test_web_import_shows_every_error_and_offers_a_template(world: Any, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.proactive.models import Document

    clerk, head = client_for(world.clerk), client_for(world.head)
    template = clerk.get("/catalogue/import/template.csv")
    assert template.content.decode("utf-8-sig").startswith("标题,文号,发文机关,成文日期")
    rows = template.content.decode("utf-8-sig").splitlines()
    good = SimpleUploadedFile("目录.csv", "\n".join(rows[:2]).encode("utf-8"))
    # Imported documents are published without the review chain: only a head may import.
    assert clerk.get("/catalogue/import/").status_code == 404
    assert clerk.post("/catalogue/import/", {"agency": world.agency_a.pk, "file": good}).status_code == 404
    assert "导入目录" not in clerk.get("/proactive/").content.decode()
    assert "导入目录" in head.get("/proactive/").content.decode()
    bad = "\n".join([rows[0], rows[1], rows[1].replace("2025-03-03", "2025-13-03").replace("3号", "4号")])
    upload = SimpleUploadedFile("目录.csv", bad.encode("utf-8"))
    page = head.post("/catalogue/import/", {"agency": world.agency_a.pk, "file": upload}).content.decode()
    assert "第3行" in page and "未导入任何数据" in page and not Document.objects.exists()
    good.seek(0)
    assert head.post("/catalogue/import/", {"agency": world.agency_a.pk, "file": good}).status_code == 302
    document = Document.objects.get()
    assert document.index_number.endswith("/2025-00001")
    assert document.events.get().actor == world.head  # who imported it, in the document's log


def test_web_import_refuses_an_agency_the_user_does_not_head(world: Any, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.proactive.models import Document

    head = client_for(world.head)
    rows = head.get("/catalogue/import/template.csv").content.decode("utf-8-sig").splitlines()
    good = SimpleUploadedFile("目录.csv", "\n".join(rows[:2]).encode("utf-8"))
    page = head.post("/catalogue/import/", {"agency": world.agency_b.pk, "file": good})
    assert page.status_code == 200 and not Document.objects.exists()


@pytest.fixture
def published(world: Any) -> Any:
    return publish(world, draft(world, TODAY, body="正文。"), TODAY)


def _urls(document: Any, agency_id: int) -> list[tuple[str, str]]:
    pk = document.pk
    return [
        ("get", f"/proactive/{pk}/"),
        ("get", f"/proactive/{pk}/edit/"),
        ("post", f"/proactive/{pk}/step/withdraw/"),
        ("post", f"/proactive/{pk}/acknowledge/"),
        ("post", f"/proactive/{pk}/attachments/"),
        ("get", f"/agencies/{agency_id}/guide/"),
        ("get", f"/agencies/{agency_id}/guide.docx"),
        ("get", f"/agencies/{agency_id}/proactive-settings/"),
    ]


def test_every_url_of_the_register_needs_a_login(world: Any, published: Any, client: Any) -> None:
    for method, url in [
        *_urls(published, world.agency_a.pk),
        ("get", "/proactive/"),
        ("get", "/proactive/new/"),
        ("get", "/catalogue/"),
        ("get", "/catalogue/import/"),
        ("get", "/catalogue/import/template.csv"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_another_agencys_staff_get_404_for_every_url(world: Any, published: Any, client_for: Any) -> None:
    other = client_for(world.clerk_b)
    for method, url in _urls(published, world.agency_a.pk):
        assert getattr(other, method)(url).status_code == 404, url
    assert published.title not in other.get("/catalogue/").content.decode()
    assert published.title not in other.get("/proactive/").content.decode()


def test_only_drafters_draft_and_only_in_their_own_agency(world: Any, client_for: Any) -> None:
    """The agency administrator manages people, not documents; an agency id the user does not draft in
    (a stale or crafted hidden field) is refused, never swapped silently for the user's own agency."""
    from gongkai.agencies.models import Membership
    from gongkai.proactive.models import Document

    admin = client_for(world.agency_admin)
    assert admin.get("/proactive/new/").status_code == 404
    assert admin.post("/proactive/new/", _form(agency=str(world.agency_a.pk))).status_code == 404
    assert "拟稿登记" not in admin.get("/proactive/").content.decode()
    other = client_for(world.clerk_b)
    assert other.post("/proactive/new/", _form(agency=str(world.agency_a.pk))).status_code == 404
    assert other.get("/proactive/new/?agency=x").status_code == 404
    assert not Document.objects.exists()
    Membership.objects.create(user=world.agency_admin, agency=world.agency_b, role="clerk")
    assert admin.post("/proactive/new/", _form(agency=str(world.agency_a.pk))).status_code == 404
    assert admin.post("/proactive/new/", _form(agency=str(world.agency_b.pk))).status_code == 302
    assert Document.objects.get().agency == world.agency_b


def test_the_supervisor_reads_but_does_not_act(world: Any, published: Any, client_for: Any) -> None:
    supervisor = client_for(world.supervisor)
    assert supervisor.get(f"/proactive/{published.pk}/").status_code == 200
    assert published.title in supervisor.get("/catalogue/").content.decode()
    for method, url in [*_urls(published, world.agency_a.pk)[1:5], ("get", "/proactive/new/")]:
        assert getattr(supervisor, method)(url).status_code == 404, url
    assert supervisor.get(f"/agencies/{world.agency_a.pk}/proactive-settings/").status_code == 404
    published.refresh_from_db()
    assert published.state == "published"
