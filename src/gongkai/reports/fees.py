"""The 信息处理费 an agency collected in a year, as its applications' fee notices and payments record it."""

from __future__ import annotations

from decimal import Decimal

from gongkai.applications.models import ApplicationEvent

FEE_NOTICE = "send_fee_notice"
PAYMENT = "record_payment"


def recorded_fees_yuan(agency_id: int, year: int) -> Decimal:
    """The sum of the fees paid in `year`: each payment pays the last fee notice sent before it.

    Applications imported from a ledger carry no fee records, so this is what the system knows, which
    the clerk confirms or corrects on the report's form.
    """
    paid_ids = ApplicationEvent.objects.filter(
        application__agency_id=agency_id, action=PAYMENT, data__on__startswith=f"{year}-"
    ).values("application_id")
    events = ApplicationEvent.objects.filter(
        application_id__in=paid_ids, action__in=(FEE_NOTICE, PAYMENT)
    ).order_by("application_id", "seq")
    total = Decimal(0)
    quoted = Decimal(0)
    current = None
    for event in events.only("application_id", "action", "data"):
        if event.application_id != current:
            current, quoted = event.application_id, Decimal(0)
        if event.action == FEE_NOTICE:
            quoted = Decimal(str((event.data.get("quote") or {}).get("yuan") or 0))
        elif str(event.data.get("on", "")).startswith(f"{year}-"):
            total += quoted
    return total
