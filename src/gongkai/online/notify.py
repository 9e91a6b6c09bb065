"""E-mail at the steps of an on-line application that concern the applicant, and to the agency's staff
for a new one; sent through Django's mail framework (SMTP configured by settings/environment). The letters
signed later are mailed by `applications.notify`, with the lines of `follow_on_line` added."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from gongkai.applications.handlers import clerks_of
from gongkai.core.mail import send_quietly
from gongkai.online.models import OnlineApplication


def submitted(online: OnlineApplication, lookup_code: str) -> None:
    """To the applicant (when an e-mail was given): the 受理编号 and 查询码; to the agency's clerks: a new one."""
    if online.email:
        send_quietly(
            f"您的政府信息公开申请已提交（受理编号 {online.number}）",
            f"{online.applicant_name}：\n\n您向{online.agency.name}提交的政府信息公开申请已收到，"
            f"待该机关确认收到后开始计算答复期限（《中华人民共和国政府信息公开条例》第三十一条）。\n\n"
            f"受理编号：{online.number}\n查询码：{lookup_code}\n\n"
            "请妥善保存查询码，凭受理编号和查询码可在网上查询办理进度、阅读和下载告知书。\n",
            [online.email],
        )
    staff = [u.email for u in clerks_of(online.agency_id) if u.email]
    send_quietly(
        f"新的网上政府信息公开申请（{online.number}）",
        f"{online.agency.name}收到一件网上申请（受理编号 {online.number}），请在工作台确认收到。\n",
        staff,
    )


def confirmed(online: OnlineApplication) -> None:
    """To the applicant: the receipt date and the reply deadline."""
    application = online.application
    if not online.email or application is None:
        return
    due = f"{application.reply_due:%Y年%m月%d日}" if application.reply_due else "待确定"
    send_quietly(
        f"您的政府信息公开申请已确认收到（受理编号 {online.number}）",
        f"{online.applicant_name}：\n\n{online.agency.name}已于{application.received_on:%Y年%m月%d日}"
        f"确认收到您的申请，答复期限为{due}。\n",
        [online.email],
    )


def follow_on_line(application: Any, **_: Any) -> str:
    """The lines a letter's e-mail adds for an application submitted on line: its 受理编号 and the lookup
    (connected to `applications.notify.how_to_follow` in `OnlineConfig.ready`)."""
    online = OnlineApplication.objects.filter(application=application).only("number").first()
    if online is None:
        return ""
    return (
        f"您的网上申请受理编号为 {online.number}，可凭受理编号和查询码在网上查询办理进度、"
        f"阅读和下载告知书（{settings.PUBLIC_URL}{reverse('online:lookup')}）。"
    )
