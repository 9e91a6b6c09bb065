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
    # A state's and a status label's cell text are the same on every row (one language a page): each
    # translated and escaped once a page, not once a row (`get_FOO_display` rebuilt the choices each time)
    states: dict[str, str] = {}
    labels: dict[Any, str] = {}
    parts: list[str] = []
    for row in rows:
        a = row["application"]
        state = states.get(a.state)
        if state is None:
            state = states[a.state] = escape(translated(a.get_state_display()))
        label = labels.get(row["status_label"])
        if label is None:
            label = labels[row["status_label"]] = escape(translated(row["status_label"]))
        parts.append(
            "\n<tr>\n"
            f'  <td class="nowrap"><a href="{href_before}{int(a.pk)}{href_after}">{escape(a.number)}</a></td>\n'
            f"  <td>{escape(a.agency.name)}</td>\n"
            f"  <td>{escape(row['applicant'])}</td>\n"
            f'  <td class="nowrap">{escape(iso_day(a.received_on))}</td>\n'
            f'  <td class="nowrap">{escape(_or_dash(iso_day(a.reply_due)))}'
            f"{provisional if row['provisional'] else ''}"
            f' <span class="badge {escape(row["status"])}">{label}</span></td>\n'
            f'  <td class="nowrap">{state}</td>\n'
            f"  <td>{escape(_or_dash(row['outcome_label']))}</td>\n"
            "</tr>\n"
        )
    return mark_safe("".join(parts))  # every value above is escaped


# The filter form's two option lists as the template wrote them (kept for the comparison in the tests).
AGENCY_OPTIONS_TEMPLATE = (
    "{% for a in agencies %}"
    '<option value="{{ a.pk }}" {% if filters.agency == a.pk %}selected{% endif %}>{{ a.name }}</option>'
    "{% endfor %}"
)
STATE_OPTIONS_TEMPLATE = (
    "{% load i18n %}{% for value, label in states %}"
    '<option value="{{ value }}" {% if filters.state == value %}selected{% endif %}>'
    "{% translate label %}</option>{% endfor %}"
)


def agency_options(agencies: Iterable[Any], selected: int | None) -> SafeString:
    """The filter's `<option>` of each agency, `selected` (an agency's id) marked, as
    `AGENCY_OPTIONS_TEMPLATE` renders them."""
    return mark_safe(  # every value is escaped
        "".join(
            f'<option value="{escaped(a.pk)}" {"selected" if selected == a.pk else ""}>{escaped(a.name)}</option>'
            for a in agencies
        )
    )


def state_options(states: Iterable[tuple[Any, Any]], selected: str) -> SafeString:
    """The filter's `<option>` of each (value, label) state, `selected` marked, as
    `STATE_OPTIONS_TEMPLATE` renders them."""
    return mark_safe(  # every value is escaped
        "".join(
            f'<option value="{escaped(value)}" {"selected" if selected == value else ""}>'
            f"{escaped(translated(label))}</option>"
            for value, label in states
        )
    )
