"""The law in the web system (issue 13): the 复议机关 named in every letter, and letter control."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.agencies import services as agency_services
from gongkai.agencies.models import Agency, Membership
from gongkai.applications import services
from gongkai.applications.ledger import save_entries
from gongkai.applications.models import LetterKind

D = dt.date

# (level, kind, the agency, the government it belongs to, the body above, the 复议机关 the letter names —
# None when the law names none and no letter may be signed). Signed 2025: 行政复议法 (2023) 第二十四至二十八条.
PLACES: list[tuple[str, str, str, str, str, str | None]] = [
    ("national", "government", "国务院", "", "", None),
    ("national", "department", "教育部", "", "", "教育部"),
    ("national", "vertical", "国家税务总局", "", "", "国家税务总局"),
    ("national", "justice", "司法部", "", "", "司法部"),
    ("province", "government", "江苏省人民政府", "", "", "江苏省人民政府"),
    ("province", "department", "江苏省教育厅", "江苏省人民政府", "教育部", "江苏省人民政府"),
    ("province", "vertical", "国家税务总局江苏省税务局", "江苏省人民政府", "国家税务总局", "国家税务总局"),
    ("province", "justice", "江苏省司法厅", "江苏省人民政府", "司法部", "江苏省人民政府或者司法部"),
    ("city", "government", "淮安市人民政府", "", "江苏省人民政府", "江苏省人民政府"),
    ("city", "department", "淮安市教育局", "淮安市人民政府", "江苏省教育厅", "淮安市人民政府"),
    (
        "city",
        "vertical",
        "国家税务总局淮安市税务局",
        "淮安市人民政府",
        "国家税务总局江苏省税务局",
        "国家税务总局江苏省税务局",
    ),
    ("city", "justice", "淮安市司法局", "淮安市人民政府", "江苏省司法厅", "淮安市人民政府或者江苏省司法厅"),
    ("county", "government", "淮安市清江浦区人民政府", "", "淮安市人民政府", "淮安市人民政府"),
    (
        "county",
        "department",
        "清江浦区民政局",
        "淮安市清江浦区人民政府",
        "淮安市民政局",
        "淮安市清江浦区人民政府",
    ),
    (
        "county",
        "vertical",
        "国家税务总局淮安市清江浦区税务局",
        "淮安市清江浦区人民政府",
        "国家税务总局淮安市税务局",
        "国家税务总局淮安市税务局",
    ),
    (
        "county",
        "justice",
        "清江浦区司法局",
        "淮安市清江浦区人民政府",
        "淮安市司法局",
        "淮安市清江浦区人民政府或者淮安市司法局",
    ),
    ("township", "government", "洪泽区岔河镇人民政府", "", "淮安市洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("township", "department", "岔河镇党政办", "洪泽区岔河镇人民政府", "", None),
    (
        "township",
        "vertical",
        "国家税务总局洪泽区税务局岔河分局",
        "",
        "国家税务总局淮安市洪泽区税务局",
        "国家税务总局淮安市洪泽区税务局",
    ),
    ("township", "justice", "岔河镇司法所", "洪泽区岔河镇人民政府", "洪泽区司法局", None),
]


def _staff_in(world: Any, agency: Agency) -> None:
    for user, role in ((world.clerk, "clerk"), (world.reviewer, "reviewer"), (world.head, "head")):
        Membership.objects.create(user=user, agency=agency, role=role)


def _decide(world: Any, register: Any, agency: Agency, outcome: str, days: tuple[dt.date, ...]) -> Any:
    """Register, draft, review and approve a decision on the given days (one day for all, or four)."""
    on = days * 4 if len(days) == 1 else days
    application = register(on[0], agency=agency)
    services.draft_decision(application, world.clerk, on[1], outcome=outcome, reasons="理由")
    services.review_decision(application, world.reviewer, on[2])
    services.approve_decision(application, world.head, on[3])
    return application


@pytest.mark.parametrize(("level", "kind", "name", "government", "above", "body"), PLACES)
def test_every_kind_and_level_names_its_reconsideration_body(
    world: Any, register: Any, level: str, kind: str, name: str, government: str, above: str, body: str | None
) -> None:
    agency, _created = Agency.objects.update_or_create(
        name=name,
        defaults={"level": level, "kind": kind, "government_name": government, "above_name": above},
        create_defaults={"code": f"p-{level}-{kind}", "level": level, "kind": kind}
        | {"government_name": government, "above_name": above},
    )
    _staff_in(world, agency)
    if body is None:
        with pytest.raises(services.LetterError, match="不能签发"):
            _decide(world, register, agency, "withheld.state_secret", (D(2025, 3, 3),))
        assert not agency.letters.filter(kind=LetterKind.DECISION, issued_at__isnull=False).exists()
        return
    application = _decide(world, register, agency, "withheld.state_secret", (D(2025, 3, 3),))
    letter = application.letters.get(kind=LetterKind.DECISION)
    assert letter.is_issued
    assert f"六十日内向{body}申请行政复议" in letter.body
    assert "复议机关待确定" not in letter.body


def test_a_letter_is_not_signed_while_the_body_cannot_be_named_then_is_once_completed(
    world: Any, register: Any
) -> None:
    """An agency created by a ledger import has no level: its draft says what is missing, and is signed —
    naming the body — once the administrator completes the agency."""
    agency = Agency.objects.create(name="洪泽区民政局", code="imported", kind="department")
    assert agency.incomplete
    _staff_in(world, agency)
    application = register(D(2025, 3, 3), agency=agency)
    services.draft_decision(
        application, world.clerk, D(2025, 3, 3), outcome="withheld.state_secret", reasons="x"
    )
    draft = application.letters.get(kind=LetterKind.DECISION)
    assert "复议机关待确定" in draft.body and "层级尚未填写" in draft.body
    services.review_decision(application, world.reviewer, D(2025, 3, 4))
    with pytest.raises(services.LetterError, match="层级尚未填写"):
        services.approve_decision(application, world.head, D(2025, 3, 5))
    Membership.objects.create(user=world.agency_admin, agency=agency, role="agency_admin")
    with pytest.raises(agency_services.AgencyError) as refused:
        agency_services.update_agency(agency, world.agency_admin, D(2025, 3, 5), level="county")
    assert "government_name" in refused.value.errors
    agency_services.update_agency(
        agency, world.agency_admin, D(2025, 3, 5), level="county", government_name="淮安市洪泽区人民政府"
    )
    services.approve_decision(application, world.head, D(2025, 3, 5))
    letter = application.letters.get(kind=LetterKind.DECISION)
    assert letter.is_issued and "复议机关待确定" not in letter.body
    assert "六十日内向淮安市洪泽区人民政府申请行政复议" in letter.body


def test_a_ledger_import_that_creates_an_agency_flags_it_incomplete(world: Any) -> None:
    summary = save_entries("新建的某某局", [], source="台账.xlsx")
    assert summary.agency_created and "层级尚未填写" in summary.agency_incomplete
    assert "在补充之前不能签发答复书" in summary.describe()
    assert Agency.objects.get(name="新建的某某局").incomplete


def test_drafted_in_2023_signed_in_2024_follows_the_law_in_force_when_signed(
    world: Any, register: Any
) -> None:
    days = (D(2023, 12, 27), D(2023, 12, 28), D(2023, 12, 29), D(2024, 1, 2))
    application = _decide(world, register, world.agency_a, "withheld.state_secret", days)
    letter = application.letters.get(kind=LetterKind.DECISION)
    # the former law (drafted): a choice between the government and the department above; no 复议前置
    assert "或者淮安市教育局" not in letter.body
    assert "应当先申请行政复议" in letter.body and "2023年修订" not in letter.body
    assert "六十日内向淮安市洪泽区人民政府申请行政复议" in letter.body
    assert letter.remedy_text in letter.body and letter.issued_on == D(2024, 1, 2)


def test_the_reading_of_reconsideration_first_is_a_setting(world: Any, register: Any, settings: Any) -> None:
    """Point 10: 无法提供 goes to reconsideration first under the default (broad) reading, not the narrow."""
    broad = _decide(world, register, world.agency_a, "unable_to_provide.needs_creation", (D(2025, 3, 3),))
    assert "应当先申请行政复议" in broad.letters.get(kind="decision").body
    settings.GONGKAI_RECONSIDERATION_FIRST = "narrow"
    narrow = _decide(world, register, world.agency_a, "unable_to_provide.needs_creation", (D(2025, 3, 3),))
    assert "应当先申请行政复议" not in narrow.letters.get(kind="decision").body


# -- point 12: letter control ------------------------------------------------------------------------------


def test_a_clerk_cannot_sign_a_decision_letter_before_approval(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.draft_decision(application, world.clerk, D(2025, 3, 3), outcome="disclosed")
    draft = application.letters.get(kind=LetterKind.DECISION)
    for person in (world.clerk, world.head):
        with pytest.raises(services.LetterError, match="须经审核人审核、负责人批准"):
            services.issue_letter(draft, person, D(2025, 3, 3))
    draft.refresh_from_db()
    assert not draft.is_issued


def test_a_returned_decision_leaves_one_valid_signed_letter(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    services.draft_decision(
        application, world.clerk, D(2025, 3, 3), outcome="withheld.state_secret", reasons="一"
    )
    services.return_draft(application, world.reviewer, D(2025, 3, 4), comment="理由不充分")
    services.draft_decision(
        application, world.clerk, D(2025, 3, 5), outcome="withheld.state_secret", reasons="二"
    )
    services.review_decision(application, world.reviewer, D(2025, 3, 5))
    services.approve_decision(application, world.head, D(2025, 3, 6))
    decisions = application.letters.filter(kind=LetterKind.DECISION)
    assert decisions.count() == 2
    valid = decisions.filter(withdrawn=False)
    assert [letter.is_issued for letter in valid] == [True]
    assert "理由：二" in valid.get().body


def test_a_signed_letter_superseded_is_voided_with_its_reason_and_kept(world: Any, register: Any) -> None:
    application = register(D(2025, 3, 3))
    receipt = application.letters.get(kind=LetterKind.RECEIPT)
    services.issue_letter(receipt, world.clerk, D(2025, 3, 3))
    with pytest.raises(services.StepRefused, match="负责人"):
        services.void_letter(receipt, world.clerk, D(2025, 3, 4), reason="地址有误")
    with pytest.raises(services.InvalidInput):
        services.void_letter(receipt, world.head, D(2025, 3, 4), reason=" ")
    voided = services.void_letter(receipt, world.head, D(2025, 3, 4), reason="地址有误，重新出具")
    assert voided.is_voided and voided.withdrawn and voided.voided_reason == "地址有误，重新出具"
    event = application.events.get(action="void_letter")
    assert event.data["reason"] == "地址有误，重新出具" and event.data["number"] == "〔2025〕1号"
    with pytest.raises(services.LetterError, match="已经作废"):
        services.void_letter(voided, world.head, D(2025, 3, 4), reason="再次")


def test_the_agencys_document_number_prefix(world: Any, register: Any) -> None:
    world.agency_a.letter_prefix = "示教依申"
    world.agency_a.save()
    application = _decide(world, register, world.agency_a, "disclosed", (D(2026, 3, 2),))
    assert application.letters.get(kind="decision").number_label == "示教依申〔2026〕1号"


def test_agency_particulars_page(world: Any, client_for: Any) -> None:
    url = reverse("agencies:particulars", args=[world.agency_a.pk])
    page = client_for(world.agency_admin).get(url)
    assert page.status_code == 200 and "淮安市洪泽区人民政府" in page.content.decode()
    assert client_for(world.clerk).get(url).status_code == 404
    response = client_for(world.agency_admin).post(
        url,
        {"kind": "vertical", "level": "county", "government_name": "", "above_name": "", "letter_prefix": ""},
    )
    assert response.status_code == 200 and "上一级主管部门" in response.content.decode()
    response = client_for(world.agency_admin).post(
        url,
        {
            "kind": "department",
            "level": "county",
            "government_name": "淮安市洪泽区人民政府",
            "above_name": "淮安市教育局",
            "letter_prefix": "洪教依申",
        },
    )
    assert response.status_code == 302
    world.agency_a.refresh_from_db()
    assert world.agency_a.letter_prefix == "洪教依申"
