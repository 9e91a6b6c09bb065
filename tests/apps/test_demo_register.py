"""The demo city's registers: a few hundred documents per agency with something on every screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

TODAY = dt.date(2026, 3, 16)


@pytest.mark.django_db
def test_every_agency_has_a_register_with_late_withheld_repealed_and_findings() -> None:
    from django.db.models import Count

    from gongkai.core.calendar import system_calendar
    from gongkai.demo.city import create_agencies, create_people
    from gongkai.demo.register import create_demo_register
    from gongkai.proactive import queries
    from gongkai.proactive.models import Document

    government, departments = create_agencies()
    create_people(government, [government, *departments])
    made = create_demo_register(TODAY, system_calendar())
    per_agency = dict(Document.objects.values_list("agency__name").annotate(n=Count("pk")))
    assert len(per_agency) == 11 and min(per_agency.values()) >= 150 and made >= 1650
    documents = Document.objects.all()
    assert documents.filter(disclosure="withheld").exists()
    assert documents.filter(validity__in=["repealed", "expired"]).exists()
    assert documents.filter(kind="regulation").exists()
    assert queries.published_late(None, dt.date(TODAY.year - 1, 1, 1)).exists()
    assert queries.missing_interpretation(None).exists()
    numbers = [n for n in documents.values_list("index_number", flat=True) if n]
    assert len(numbers) == len(set(numbers))
    featured: Any = documents.filter(agency__code="jyj", drafted_by__isnull=False)
    rules = {f["rule"] for d in featured for f in d.findings}
    assert {"pii.mobile", "pii.id_number", "secret.marking", "wording.old_regulation"} <= rules
    assert set(featured.values_list("state", flat=True)) == {"drafted", "secrecy_review", "in_review"}
