"""The demo city's column (issue 11): every section of every demo agency has something to show, and a
plain HTTP client (no browser, no login) opens the column of every agency and its four sections."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

TODAY = dt.date(2026, 11, 20)


@pytest.mark.django_db
def test_every_section_of_every_demo_agency_is_non_empty(monkeypatch: Any, settings: Any) -> None:
    from gongkai.agencies.models import Agency
    from gongkai.core.calendar import system_calendar
    from gongkai.demo import city
    from gongkai.demo.register import create_demo_register
    from gongkai.demo.reports import create_demo_reports, publish_every_agency

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    city._hashed_password.cache_clear()
    city.build(TODAY, per_agency=2)
    create_demo_register(TODAY, system_calendar())
    create_demo_reports(TODAY.year - 1)
    assert publish_every_agency(TODAY.year - 1) == 10  # one was published by create_demo_reports
    assert publish_every_agency(TODAY.year - 1) == 0  # and again: nothing more
    client = Client()
    index = client.get("/gk/").content.decode()
    agencies = list(Agency.objects.all())
    assert len(agencies) == 11
    for agency in agencies:
        code = agency.code
        assert f'href="/gk/{code}/"' in index
        column = client.get(f"/gk/{code}/").content.decode()
        for empty in ("尚未发布政府信息公开制度", "尚无主动公开的信息", "尚未发布年度报告"):
            assert empty not in column, (code, empty)
        guide = client.get(f"/gk/{code}/guide/").content.decode()
        assert f"{agency.name}办公室" in guide and "（尚未填写）" not in guide
        rules = client.get(f"/gk/{code}/rules/").content.decode()
        assert f"{agency.name}政府信息公开保密审查制度" in rules
        catalogue = client.get(f"/gk/{code}/catalogue/").content.decode()
        assert "没有符合条件的信息" not in catalogue and "/documents/" in catalogue
        reports = client.get(f"/gk/{code}/reports/").content.decode()
        assert "年政府信息公开工作年度报告" in reports and ".pdf" in reports
    government = client.get("/gk/sfs/").content.decode()
    assert all(f'href="/gk/{a.code}/"' in government for a in agencies if a.code != "sfs")
