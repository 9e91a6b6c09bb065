"""The application's page (`applications:detail`, where a clerk lands after registering) with its
repetitive parts written in Python: the step buttons, the applicant's facts, the deadlines and the
timeline, the same HTML as the template parts they replace, for a fraction of the CPU (issue 14;
docs/decisions/load-model.md).

The `*_TEMPLATE` constants are those parts as applications/detail.html wrote them;
tests/apps/test_detail_html.py renders them with the engine and compares, on the real page in both
languages and on hostile values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs
from django.utils.translation import gettext

from gongkai.applications.deadlines import ShownDeadline
from gongkai.applications.models import Application
from gongkai.applications.timeline import TimelineEntry
from gongkai.core.html import escaped, iso_day, translated

# The template parts written below (kept for the comparison in the tests).
ACTIONS_TEMPLATE = """{% load i18n %}{% for t in actions %}<a class="button" href="{% url 'applications:step' application.pk t.action %}">{% translate t.label %}</a>{% endfor %}"""
FACTS_TEMPLATE = """{% load i18n %}<dl class="facts">
  <dt>{% translate "申请人" %}</dt><dd>{{ person.applicant_name }}（{{ application.get_applicant_category_display }}）</dd>
  {% if person.id_number %}<dt>{{ application.get_id_type_display|default:_("身份证件") }}</dt><dd>{{ person.id_number }}</dd>{% endif %}
  {% if person.credit_code %}<dt>{% translate "统一社会信用代码" %}</dt><dd>{{ person.credit_code }}</dd>{% endif %}
  {% if person.phone %}<dt>{% translate "联系电话" %}</dt><dd>{{ person.phone }}</dd>{% endif %}
  {% if person.email %}<dt>{% translate "电子邮箱" %}</dt><dd>{{ person.email }}</dd>{% endif %}
  {% if person.address %}<dt>{% translate "通信地址" %}</dt><dd>{{ person.address }}</dd>{% endif %}
  <dt>{% translate "申请方式" %}</dt><dd>{{ application.get_channel_display }}</dd>
  <dt>{% translate "收到申请之日" %}</dt><dd>{{ application.received_on|date:"Y年n月j日" }}</dd>
  {% if application.confirmed_on %}<dt>{% translate "申请到达之日" %}</dt><dd>{{ application.arrived_on|date:"Y年n月j日" }}</dd>
  <dt>{% translate "确认之日" %}</dt><dd>{{ application.confirmed_on|date:"Y年n月j日" }}{% if confirmation_late %} <span class="error">{% blocktranslate with days=confirmation_late %}确认晚于到达{{ days }}个工作日（第三十一条：应于收到申请的当日确认）{% endblocktranslate %}</span>{% endif %}</dd>{% endif %}
  {% if application.amended_on %}<dt>{% translate "收到补正之日" %}</dt><dd>{{ application.amended_on|date:"Y年n月j日" }}</dd>{% endif %}
  <dt>{% translate "申请内容" %}</dt><dd>{{ application.content|linebreaksbr }}</dd>
  {% if application.form_wanted or application.delivery_wanted %}<dt>{% translate "载体与获取方式" %}</dt><dd>{{ application.form_wanted|default:"—" }}；{{ application.delivery_wanted|default:"—" }}</dd>{% endif %}
  {% if application.replied_on %}<dt>{% translate "答复日期" %}</dt><dd>{{ application.replied_on|date:"Y年n月j日" }}</dd>{% endif %}
  {% if application.closed_on %}<dt>{% translate "办结日期" %}</dt><dd>{{ application.closed_on|date:"Y年n月j日" }}</dd>{% endif %}
  {% if outcome_label %}<dt>{% translate "办理结果" %}</dt><dd>{{ outcome_label }}</dd>{% endif %}
</dl>"""
DEADLINES_TEMPLATE = """{% load i18n %}{% for d in deadlines %}
<div class="deadline {{ d.status }}" data-deadline="{{ d.label }}">
  {% if d.status == "unknown" %}<div>{% translate d.label %}：<span class="due">{% translate "暂无法计算" %}</span> <span class="badge unknown">{% translate "期限待定" %}</span></div>
  <p class="calendar-warning" data-calendar-warning>{{ d.explanation }}</p>
  {% else %}
  <div>{% translate d.label %}：<span class="due">{{ d.due|date:"Y年n月j日" }}</span>{% if d.provisional %}<span class="provisional" data-provisional>{% translate "（暂定）" %}</span>{% endif %}
    {% if d.status == "red" %}<span class="badge red">{% translate "已逾期" %}</span>{% elif d.status == "yellow" %}<span class="badge yellow">{% translate "即将到期" %}</span>{% elif d.status == "done" %}<span class="badge done">{% translate "已办结" %}</span>{% else %}<span class="badge green">{% translate "期限内" %}</span>{% endif %}</div>
  {% if d.provisional %}<p class="calendar-note" data-provisional-note>{{ provisional_notice }}</p>{% endif %}
  <details><summary>{% translate "计算说明" %}</summary><pre class="explain">{{ d.explanation }}</pre></details>
  {% endif %}
</div>
{% empty %}<p class="muted">{% translate "当前没有进行中的期限。" %}</p>{% endfor %}"""
TIMELINE_TEMPLATE = """{% load i18n %}{% for e in events %}
<li><div><b>{% translate e.label %}</b> <span class="meta">{{ e.on }} · {{ e.actor }} {% translate "· 记录于" %} {{ e.at|date:"Y-m-d H:i" }}</span></div>
{% if e.changes or e.details %}<ul>{% for c in e.changes %}<li>{{ c }}</li>{% endfor %}{% for d in e.details %}<li>{{ d }}</li>{% endfor %}</ul>{% endif %}
</li>
{% endfor %}"""


def _date_zh(value: dt.date | None) -> str:
    """`|date:"Y年n月j日"` of a date field, "" for none."""
    return "" if value is None else f"{value.year:04d}年{value.month}月{value.day}日"


def _minute(value: dt.datetime | None) -> str:
    """`|date:"Y-m-d H:i"` of a moment, in the current time zone as the filter shows it."""
    if value is None:
        return ""
    t = template_localtime(value)
    return f"{iso_day(t)} {t.hour:02d}:{t.minute:02d}"


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_MARKER = "zq9marker9qz"  # an action reversed once; each step's own replaces it


def actions_html(application: Application, actions: Iterable[Any]) -> SafeString:
    """The step buttons (`action`, `label` of each transition), as `ACTIONS_TEMPLATE` renders them."""
    pieces = reverse("applications:step", args=[application.pk, _MARKER]).split(_MARKER)

    def href(action: str) -> str:
        # A slug is written into the address as it is; anything else is reversed (or refused) by Django.
        if len(pieces) == 2 and _SLUG.fullmatch(action):
            return action.join(pieces)
        return reverse("applications:step", args=[application.pk, action])

    return mark_safe(  # every value is escaped
        "".join(
            f'<a class="button" href="{escaped(href(str(t.action)))}">{escaped(translated(t.label))}</a>'
            for t in actions
        )
    )


def _dd(label: str, value: str) -> str:
    """A `<dt>` with a literal's translation (safe text, as the tag writes it) and its escaped value."""
    return f"<dt>{gettext(label)}</dt><dd>{value}</dd>"


def _confirmation(a: Application, late: Any) -> str:
    if not a.confirmed_on:
        return ""
    warning = ""
    if late:
        message = gettext("确认晚于到达%(days)s个工作日（第三十一条：应于收到申请的当日确认）")
        warning = f' <span class="error">{message % {"days": escaped(localize(late))}}</span>'
    return (
        _dd("申请到达之日", _date_zh(a.arrived_on))
        + "\n  "
        + _dd("确认之日", _date_zh(a.confirmed_on) + warning)
    )


def facts_html(
    application: Application, person: Mapping[str, str], outcome_label: Any, confirmation_late: Any
) -> SafeString:
    """The applicant's facts (`<dl class="facts">`), as `FACTS_TEMPLATE` renders them."""
    a, e = application, escaped
    id_type = a.get_id_type_display()
    wanted = a.form_wanted or a.delivery_wanted
    lines = [
        _dd("申请人", f"{e(person['applicant_name'])}（{e(a.get_applicant_category_display())}）"),
        f"<dt>{e(id_type) if id_type else gettext('身份证件')}</dt><dd>{e(person['id_number'])}</dd>"
        if person["id_number"]
        else "",
        _dd("统一社会信用代码", e(person["credit_code"])) if person["credit_code"] else "",
        _dd("联系电话", e(person["phone"])) if person["phone"] else "",
        _dd("电子邮箱", e(person["email"])) if person["email"] else "",
        _dd("通信地址", e(person["address"])) if person["address"] else "",
        _dd("申请方式", e(a.get_channel_display())),
        _dd("收到申请之日", _date_zh(a.received_on)),
        _confirmation(a, confirmation_late),
        _dd("收到补正之日", _date_zh(a.amended_on)) if a.amended_on else "",
        _dd("申请内容", e(normalize_newlines(a.content)).replace("\n", "<br>")),
        _dd("载体与获取方式", f"{e(a.form_wanted or '—')}；{e(a.delivery_wanted or '—')}") if wanted else "",
        _dd("答复日期", _date_zh(a.replied_on)) if a.replied_on else "",
        _dd("办结日期", _date_zh(a.closed_on)) if a.closed_on else "",
        _dd("办理结果", e(outcome_label)) if outcome_label else "",
    ]
    return mark_safe('<dl class="facts">\n  ' + "\n  ".join(lines) + "\n</dl>")  # every value is escaped


_BADGES = {"red": ("red", "已逾期"), "yellow": ("yellow", "即将到期"), "done": ("done", "已办结")}


def _deadline(d: ShownDeadline, provisional_notice: str) -> str:
    label = escaped(translated(d.label))
    if d.status == "unknown":
        inner = (
            f'<div>{label}：<span class="due">{gettext("暂无法计算")}</span> <span class="badge unknown">'
            f"{gettext('期限待定')}</span></div>\n"
            f'  <p class="calendar-warning" data-calendar-warning>{escaped(d.explanation)}</p>\n  '
        )
    else:
        provisional = (
            f'<span class="provisional" data-provisional>{gettext("（暂定）")}</span>'
            if d.provisional
            else ""
        )
        kind, text = _BADGES.get(d.status, ("green", "期限内"))
        note = (
            f'<p class="calendar-note" data-provisional-note>{escaped(provisional_notice)}</p>'
            if d.provisional
            else ""
        )
        inner = (
            f'\n  <div>{label}：<span class="due">{_date_zh(d.due)}</span>{provisional}\n'
            f'    <span class="badge {kind}">{gettext(text)}</span></div>\n'
            f"  {note}\n"
            f'  <details><summary>{gettext("计算说明")}</summary><pre class="explain">'
            f"{escaped(d.explanation)}</pre></details>\n  "
        )
    return f'\n<div class="deadline {escaped(d.status)}" data-deadline="{escaped(d.label)}">\n  {inner}\n</div>\n'


def deadlines_html(deadlines: Iterable[ShownDeadline], provisional_notice: str) -> SafeString:
    """The deadlines shown, or that there are none, as `DEADLINES_TEMPLATE` renders them."""
    parts = [_deadline(d, provisional_notice) for d in deadlines]
    if not parts:
        parts = [f'<p class="muted">{gettext("当前没有进行中的期限。")}</p>']
    return mark_safe("".join(parts))  # every value is escaped


def timeline_html(events: Iterable[TimelineEntry]) -> SafeString:
    """The log of steps (`<li>` of each entry), as `TIMELINE_TEMPLATE` renders them."""
    recorded = gettext("· 记录于")
    parts = []
    for e in events:
        items = "".join(f"<li>{escaped(c)}</li>" for c in [*e.changes, *e.details])
        parts.append(
            f'\n<li><div><b>{escaped(translated(e.label))}</b> <span class="meta">{escaped(e.on)} · '
            f"{escaped(e.actor)} {recorded} {_minute(e.at)}</span></div>\n"
            f"{f'<ul>{items}</ul>' if e.changes or e.details else ''}\n</li>\n"
        )
    return mark_safe("".join(parts))  # every value is escaped
