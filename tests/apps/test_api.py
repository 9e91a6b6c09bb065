"""The open-data API (issue 11 item 6): each endpoint, only published things, Chinese errors, caching
headers, the OpenAPI schema, and a bounded schemathesis run against that schema."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import hypothesis
import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import strategies as st
from proactive_helpers import draft, publish
from test_reports import YEAR, published_report

from gongkai.proactive.queries import ROW_KEYS
from gongkai.statistics.tables import tables_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 3, 10)
SECRET = "甲机关未发布文件之专属样本"


@pytest.fixture
def documents(world: Any) -> dict[str, Any]:
    """Agency A's register: three published documents (one 规章 and two others) and a draft."""
    published = [
        publish(
            world,
            draft(world, TODAY, title=f"关于第{n}项工作的通知", doc_number=f"洪教发〔2025〕{n}号"),
            TODAY,
        )
        for n in (1, 2)
    ]
    regulation = publish(
        world,
        draft(world, TODAY, title="洪泽区教育局管理规定", doc_number="洪教规〔2025〕1号", kind="regulation"),
        TODAY,
    )
    secret = draft(world, TODAY, title=f"关于{SECRET}的通知", doc_number="洪教发〔2025〕9号", body=SECRET)
    return {"published": [*published, regulation], "regulation": regulation, "draft": secret}


def get(url: str, **headers: Any) -> Any:
    return Client().get(url, **headers)


def test_agencies_list_every_agency_with_its_code(world: Any) -> None:
    response = get("/api/v1/agencies")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    rows = {row["code"]: row for row in response.json()}
    assert rows["hongze-jyj"] == {
        "code": "hongze-jyj",
        "name": world.agency_a.name,
        "level": world.agency_a.level,
        "kind": "department",
        "parent": "hongze",
    }
    assert rows["huaian"]["kind"] == "government"


def test_the_catalogue_shows_published_documents_with_the_export_keys(
    world: Any, documents: dict[str, Any]
) -> None:
    response = get("/api/v1/agencies/hongze-jyj/catalogue")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["page"] == 1 and body["next"] is None
    assert {r["id"] for r in body["results"]} == {d.pk for d in documents["published"]}
    assert set(body["results"][0]) == {*ROW_KEYS, "id"}
    assert SECRET not in response.content.decode()
    # Another agency's catalogue is its own.
    assert get("/api/v1/agencies/hongze-zrzyj/catalogue").json()["count"] == 0


def test_the_catalogue_filters_and_pages(world: Any, documents: dict[str, Any]) -> None:
    body = get("/api/v1/agencies/hongze-jyj/catalogue?kind=regulation").json()
    assert [r["id"] for r in body["results"]] == [documents["regulation"].pk]
    assert body["results"][0]["kind"] == "规章"
    assert get("/api/v1/agencies/hongze-jyj/catalogue?q=第1项").json()["count"] == 1
    assert get("/api/v1/agencies/hongze-jyj/catalogue?year=2024").json()["count"] == 0
    first = get("/api/v1/agencies/hongze-jyj/catalogue?page_size=2&validity=valid").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    assert first["next"] == "/api/v1/agencies/hongze-jyj/catalogue?page_size=2&validity=valid&page=2"
    second = get(first["next"]).json()
    assert len(second["results"]) == 1 and second["previous"].endswith("page=1")
    assert {r["id"] for r in first["results"] + second["results"]} == {d.pk for d in documents["published"]}
    assert get("/api/v1/agencies/hongze-jyj/catalogue?page=9").json()["results"] == []


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("page=0", {"page"}),
        ("page=abc", {"page"}),
        ("page=" + "9" * 40, {"page"}),
        ("page_size=101", {"page_size"}),
        ("kind=law&validity=x", {"kind", "validity"}),
        ("article_item=20.99", {"article_item"}),
        ("year=２０２４", {"year"}),
        ("q=" + "字" * 101, {"q"}),
    ],
)
def test_odd_query_parameters_are_a_chinese_400(world: Any, query: str, names: set[str]) -> None:
    response = get(f"/api/v1/agencies/hongze-jyj/catalogue?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "查询参数有误。" and set(body["errors"]) == names
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in message) for message in body["errors"].values())


def test_unknown_agency_and_document_are_a_chinese_404(world: Any, documents: dict[str, Any]) -> None:
    for url in (
        "/api/v1/agencies/nowhere/catalogue",
        "/api/v1/agencies/nowhere/reports",
        f"/api/v1/agencies/hongze-jyj/documents/{documents['draft'].pk}",  # not published
        f"/api/v1/agencies/hongze-zrzyj/documents/{documents['regulation'].pk}",  # another agency's
        "/api/v1/agencies/hongze-jyj/reports/2025",  # none published
    ):
        response = get(url)
        assert response.status_code == 404, url
        assert response.json()["detail"].startswith("找不到"), url


def test_one_document_with_its_text(world: Any, documents: dict[str, Any]) -> None:
    regulation = documents["regulation"]
    response = get(f"/api/v1/agencies/hongze-jyj/documents/{regulation.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "洪泽区教育局管理规定" and body["index_number"] == regulation.index_number
    assert body["body"] == regulation.body and body["article_item"].startswith("第二十条（一）")
    assert body["interprets"] is None and body["interpretations"] == []


def test_the_catalogue_as_csv_has_the_export_columns(world: Any, documents: dict[str, Any]) -> None:
    response = get("/api/v1/agencies/hongze-jyj/catalogue.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(ROW_KEYS)
    assert sorted(r["index_number"] for r in rows) == sorted(d.index_number for d in documents["published"])
    assert SECRET not in text
    filtered = get("/api/v1/agencies/hongze-jyj/catalogue.csv?kind=regulation").content.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(filtered)))) == 1
    assert get("/api/v1/agencies/hongze-jyj/catalogue.csv?kind=x").status_code == 400


def test_published_reports_and_their_tables_equal_the_statistics(world: Any) -> None:
    assert get("/api/v1/agencies/hongze-jyj/reports").json() == []
    report = published_report(world)
    listed = get("/api/v1/agencies/hongze-jyj/reports").json()
    assert listed == [
        {"year": YEAR, "format": "2021", "published_on": timezone.localdate(report.published_at).isoformat()}
    ]
    response = get(f"/api/v1/agencies/hongze-jyj/reports/{YEAR}")
    assert response.status_code == 200
    data = response.json()
    expected = tables_for([world.agency_a.pk], YEAR)
    assert data["tables"]["requests"] == expected["requests"]
    assert data["tables"]["reviews"] == expected["reviews"]
    assert data["tables"] == report.snapshot["tables"]
    assert (data["agency"], data["year"], data["format"]) == (world.agency_a.name, YEAR, "2021")


def test_a_report_not_yet_published_is_not_there(world: Any) -> None:
    from gongkai.reports import services

    services.open_report(world.agency_a, YEAR, world.clerk)
    assert get("/api/v1/agencies/hongze-jyj/reports").json() == []
    assert get(f"/api/v1/agencies/hongze-jyj/reports/{YEAR}").status_code == 404


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("reports/abc", "year"),
        ("reports/1999", "year"),
        ("reports/99999", "year"),
        ("reports/" + "9" * 30, "year"),
        ("reports/２０２５", "year"),
        ("documents/abc", "document_id"),
        ("documents/0", "document_id"),
        ("documents/" + "9" * 30, "document_id"),
    ],
)
def test_an_odd_path_value_is_a_chinese_400(world: Any, path: str, name: str) -> None:
    response = get(f"/api/v1/agencies/hongze-jyj/{path}")
    assert response.status_code == 400
    assert response.json()["errors"][name].startswith("应为")


def test_caching_headers_and_conditional_requests(world: Any, documents: dict[str, Any]) -> None:
    first = get("/api/v1/agencies/hongze-jyj/catalogue")
    etag = first["ETag"]
    assert first["Cache-Control"].startswith("public, max-age=")
    assert get("/api/v1/agencies/hongze-jyj/catalogue", HTTP_IF_NONE_MATCH=etag).status_code == 304
    # A change of the catalogue changes the tag.
    publish(world, draft(world, TODAY, title="新发布的通知", doc_number="洪教发〔2025〕7号"), TODAY)
    changed = get("/api/v1/agencies/hongze-jyj/catalogue", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag

    published_report(world)
    report = get(f"/api/v1/agencies/hongze-jyj/reports/{YEAR}")
    assert report["Last-Modified"] and report["ETag"]
    since = get(f"/api/v1/agencies/hongze-jyj/reports/{YEAR}", HTTP_IF_MODIFIED_SINCE=report["Last-Modified"])
    assert since.status_code == 304


def test_the_openapi_schema_and_its_documentation_page(world: Any) -> None:
    schema = get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert {
        "/api/v1/agencies",
        "/api/v1/agencies/{code}/catalogue",
        "/api/v1/agencies/{code}/catalogue.csv",
        "/api/v1/agencies/{code}/documents/{document_id}",
        "/api/v1/agencies/{code}/reports",
        "/api/v1/agencies/{code}/reports/{year}",
    } <= set(schema["paths"])
    catalogue = schema["paths"]["/api/v1/agencies/{code}/catalogue"]["get"]
    assert {p["name"] for p in catalogue["parameters"]} >= {"code", "page", "q", "kind", "year", "validity"}
    assert {"200", "400", "404"} <= set(catalogue["responses"])
    docs = get("/api/v1/docs")
    assert docs.status_code == 200 and b"/api/v1/openapi.json" in docs.content
    assert b"cdn." not in docs.content  # no third-party service: the files are served by gongkai


def test_schemathesis_against_the_schema(world: Any, documents: dict[str, Any], settings: Any) -> None:
    """Every operation, with generated parameters (and the real agency code half of the time): no 500,
    each answer conforms to the schema (status, content type, body). Bounded: a few dozen cases each."""
    schemathesis = pytest.importorskip("schemathesis")
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    published_report(world)
    settings.ALLOWED_HOSTS = ["*"]
    real = {"code": ["hongze-jyj"], "year": [str(YEAR)], "document_id": [str(documents["regulation"].pk)]}
    # As Django's test client does: a request must not close the test's connection (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 6
        for operation in operations:
            _run(operation, real)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(operation: Any, real: dict[str, list[str]]) -> None:
    """A bounded hypothesis run of one operation: each case called through WSGI and validated."""

    @hypothesis.settings(
        max_examples=25,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy(), data=st.data())
    def check(case: Any, data: Any) -> None:
        for name, values in real.items():
            if case.path_parameters and name in case.path_parameters and data.draw(st.booleans()):
                case.path_parameters[name] = values[0]
        # Submitting an application: the schema can say which fields are strings, not which ID number or
        # applicant kind is valid, so schema-valid data may rightly get a 400 with Chinese messages per field
        # (tests/apps/test_api_applications.py tests those answers); every other check still applies.
        excluded = [positive_data_acceptance] if operation.method.upper() == "POST" else []
        case.call_and_validate(excluded_checks=excluded)

    from schemathesis.checks import positive_data_acceptance

    check()


def test_an_unknown_address_under_the_api_is_a_chinese_json_404(world: Any) -> None:
    for url in ("/api/v1/", "/api/v1/nothing", "/api/v2/agencies", "/api/"):
        response = get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        assert "/api/v1/docs" in response.json()["detail"], url
