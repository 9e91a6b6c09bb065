"""Issue 11's acceptance, second bullet: the demo city served by a real `gongkai serve` (SQLite in a fresh
data folder, a free port) and a plain HTTP client, no browser.

- the column: `/gk/{code}/` of every demo agency and its four sections (skipped while `gongkai.portal` is
  not installed);
- an application through the public form, as a client without a browser sends it: the form's CSRF token
  and its arithmetic CAPTCHA read from the page, an identity image as multipart/form-data; the 受理编号
  and 查询码 read from the answer and looked up through the lookup form;
- the API: every agency's catalogue, page by page, and the tables of its published reports equal to
  `gongkai tables --agency … --year …` run on the same data.
"""

from __future__ import annotations

import html
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from harness import Browser, Server, error_text  # bench/harness.py: the server and the plain client

# Its own SQLite data folder in a subprocess, whatever the test database is: run once.
pytestmark = pytest.mark.one_database

SECTIONS = ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开工作年度报告")


def gongkai(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", *argv],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    """The demo city in a fresh SQLite data folder, served by `gongkai serve` on a free port."""
    var_dir = tmp_path_factory.mktemp("public-http")
    env = {"GONGKAI_VAR_DIR": str(var_dir), "DATABASE_URL": ""}
    gongkai(env, "demo")
    server = Server(env).start()
    try:
        yield server, env
    finally:
        server.stop()


def get_json(client: Browser, path: str) -> Any:
    answer = client.get(path)
    assert answer.status == 200, f"{path} → {answer.status}: {answer.body[:300]}"
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers.get("etag") and answer.headers.get("cache-control")
    return json.loads(answer.body)


def test_the_api_gives_every_catalogue_and_the_published_tables(
    served: tuple[Server, dict[str, str]],
) -> None:
    server, env = served
    client = Browser(server.port)
    agencies = get_json(client, "/api/v1/agencies")
    assert len(agencies) == 11 and {"code", "name", "level", "kind"} <= set(agencies[0])
    compared = 0
    for agency in agencies:
        code = agency["code"]
        first = get_json(client, f"/api/v1/agencies/{code}/catalogue?page_size=100")
        ids, path = [], f"/api/v1/agencies/{code}/catalogue?page_size=100"
        while path:
            page = get_json(client, path)
            ids += [row["id"] for row in page["results"]]
            path = page["next"]
        assert len(ids) == len(set(ids)) == first["count"], code
        csv = client.get(f"/api/v1/agencies/{code}/catalogue.csv")
        assert csv.status == 200 and csv.body.lstrip("\ufeff").startswith("index_number,title,")
        assert len(csv.body.strip().splitlines()) - 1 >= first["count"]  # a text may hold line breaks
        for listed in get_json(client, f"/api/v1/agencies/{code}/reports"):
            data = get_json(client, f"/api/v1/agencies/{code}/reports/{listed['year']}")
            computed = json.loads(
                gongkai(env, "tables", "--agency", agency["name"], "--year", str(listed["year"])).stdout
            )
            assert data["tables"]["requests"] == computed["tables"]["requests"], code
            assert data["tables"]["reviews"] == computed["tables"]["reviews"], code
            compared += 1
    assert compared >= 1, "the demo city publishes a report"
    client.close()


def test_the_column_of_every_agency_and_its_four_sections(served: tuple[Server, dict[str, str]]) -> None:
    if importlib.util.find_spec("gongkai.portal") is None:
        pytest.skip("the public column (gongkai.portal) is not installed yet")
    server, _env = served
    client = Browser(server.port)
    agencies = json.loads(client.get("/api/v1/agencies").body)
    for agency in agencies:
        column = client.get(f"/gk/{agency['code']}/")
        assert column.status == 200, agency["code"]
        assert agency["name"] in column.body
        for section in SECTIONS:
            links = [
                urljoin(f"/gk/{agency['code']}/", html.unescape(href))
                for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', column.body, re.S)
                if section in re.sub(r"<[^>]+>", "", text)
            ]
            assert links, f"{agency['code']}: no link to {section}"
            page = client.get(links[0])
            assert page.status == 200, f"{agency['code']} {section}: {links[0]} → {page.status}"
            assert section in page.body
    client.close()


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
CHINESE_DIGITS = "零一二三四五六七八九十"


def form_token(page: str) -> str:
    """The CSRF token the page's form carries (a client posts what the form holds)."""
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the form has no CSRF token"
    return found.group(1)


def captcha_answer(page: str) -> tuple[str, str]:
    """The arithmetic question's answer, worked out from its text as a person would, and its token."""
    question = re.search(r"验证问题：(.)加(.)等于多少", page)
    token = re.search(r'name="captcha_token" value="([^"]+)"', page)
    assert question and token, "the form has no CAPTCHA"
    a, b = (CHINESE_DIGITS.index(digit) for digit in question.groups())
    return str(a + b), token.group(1)


def text_of(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', page)
    assert found, f"no #{element_id} on the page"
    return html.unescape(found.group(1)).strip()


def test_an_application_through_the_form_and_its_lookup(served: tuple[Server, dict[str, str]]) -> None:
    server, _env = served
    client = Browser(server.port)
    code = json.loads(client.get("/api/v1/agencies").body)[-1]["code"]
    column = client.get(f"/gk/{code}/")
    [apply_path] = {href for href in re.findall(r'href="([^"]+)"', column.body) if href.endswith("/apply/")}
    form = client.get(apply_path)
    assert form.status == 200 and "申请政府信息公开" in form.body
    answer, captcha_token = captcha_answer(form.body)
    fields = {
        "csrfmiddlewaretoken": form_token(form.body),
        "applicant_category": "natural_person",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "content": "2024年度部门预算公开表",
        "form": "电子文件",
        "delivery": "电子邮件",
        "captcha_token": captcha_token,
        "captcha": answer,
        "website": "",
    }
    sent = client.post_multipart(apply_path, fields, {"id_image": ("id.png", PNG, "image/png")})
    assert sent.status == 302, error_text(sent.body) or sent.body[:500]
    done = client.get(urlsplit(sent.location).path)
    assert done.status == 200 and "申请已提交" in done.body
    number, lookup_code = text_of(done.body, "number"), text_of(done.body, "lookup-code")
    assert re.fullmatch(r"WS\d{14}", number) and len(lookup_code) == 10
    assert client.get(urlsplit(sent.location).path).status == 302  # shown once: reloading does not repeat it

    lookup = client.get("/gk/lookup/")
    wrong = client.post(
        "/gk/lookup/",
        {"csrfmiddlewaretoken": form_token(lookup.body), "number": number, "lookup_code": "WRONGCODE2"},
    )
    assert wrong.status == 404 and "受理编号或查询码不正确" in wrong.body
    found = client.post(
        "/gk/lookup/",
        {"csrfmiddlewaretoken": form_token(wrong.body), "number": number, "lookup_code": lookup_code},
    )
    assert found.status == 302
    status = client.get("/gk/lookup/")
    assert status.status == 200 and number in status.body
    assert "申请办理情况" in status.body and "等待本机关确认收到" in status.body
    client.close()
