"""The rows of the application list written in Python: the same HTML as the template loop they replace,
for a fraction of the CPU (issue 14; docs/decisions/load-model.md).

The list page shows 50 rows of eight cells; through the template engine every row resolved some twenty
variables, filters and `{% translate %}` tags, which made the list the most expensive page of a clerk's
day. `ROW_TEMPLATE` is the loop's body as the template wrote it; tests/apps/test_list_rows.py renders it
with the engine and compares, hostile values included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from gongkai.core.html import escaped, iso_day, translated

# The template loop this module writes (kept for the comparison in the tests).
ROW_TEMPLATE = """{% load i18n %}{% for row in rows %}{% with a=row.application %}
<tr>
  <td class="nowrap"><a href="{% url 'applications:detail' a.pk %}">{{ a.number }}</a></td>
  <td>{{ a.agency.name }}</td>
  <td>{{ row.applicant }}</td>
  <td class="nowrap">{{ a.received_on|date:"Y-m-d" }}</td>
  <td class="nowrap">{{ a.reply_due|date:"Y-m-d"|default:"—" }}{% if row.provisional %}<span class="provisional" data-provisional>{% translate "（暂定）" %}</span>{% endif %} <span class="badge {{ row.status }}">{% translate row.status_label %}</span></td>
  <td class="nowrap">{% translate a.get_state_display %}</td>
  <td>{{ row.outcome_label|default:"—" }}</td>
</tr>
{% endwith %}{% endfor %}"""

_MARKER = 987654321  # a pk reversed once; its digits are replaced by each row's


def _or_dash(value: str) -> str:
    return value if value else "—"


def rows_html(rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """The `<tr>` of every row built by the list view (`application`, `applicant`, `status`,
    `status_label`, `provisional`, `outcome_label`), as `ROW_TEMPLATE` renders them."""
    before, after = reverse("applications:detail", args=[_MARKER]).split(str(_MARKER))
    href_before, href_after = escaped(before), escaped(after)
    # A literal's translation is safe text, not escaped (as the tag does).
    provisional = '<span class="provisional" data-provisional>' + gettext("（暂定）") + "</span>"
    escape = escaped
    parts: list[str] = []
    for row in rows:
        a = row["application"]
        parts.append(
            "\n<tr>\n"
            f'  <td class="nowrap"><a href="{href_before}{int(a.pk)}{href_after}">{escape(a.number)}</a></td>\n'
            f"  <td>{escape(a.agency.name)}</td>\n"
            f"  <td>{escape(row['applicant'])}</td>\n"
            f'  <td class="nowrap">{escape(iso_day(a.received_on))}</td>\n'
            f'  <td class="nowrap">{escape(_or_dash(iso_day(a.reply_due)))}'
            f"{provisional if row['provisional'] else ''}"
            f' <span class="badge {escape(row["status"])}">{escape(translated(row["status_label"]))}</span></td>\n'
            f'  <td class="nowrap">{escape(translated(a.get_state_display()))}</td>\n'
            f"  <td>{escape(_or_dash(row['outcome_label']))}</td>\n"
            "</tr>\n"
        )
    return mark_safe("".join(parts))  # every value above is escaped
