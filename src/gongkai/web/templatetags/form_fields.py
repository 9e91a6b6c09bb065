"""`{% form_fields %}`: a form's fields, labels, help texts, counters and errors written in Python, the
same HTML as the template loop `FORM_FIELDS_TEMPLATE` (applications/form_fields.html before issue 14) for
a fraction of the CPU. tests/apps/test_form_fields_tag.py compares both on every form of the system."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from gongkai.core.html import shown as shown_in

register = template.Library()

# The loop written below, as the include template had it (without its final newline).
FORM_FIELDS_TEMPLATE = (
    '{% load i18n %}{% if form.non_field_errors %}<div class="error">{% for e in form.non_field_errors %}'
    "<p>{{ e }}</p>{% endfor %}</div>{% endif %}\n"
    "{% for field in form %}\n"
    "{% if field.is_hidden %}{{ field }}{% else %}\n"
    '<div class="field">\n'
    '  {% if field.field.widget.input_type == "checkbox" %}<label>{{ field }} {{ field.label }}</label>{% else %}\n'
    '  <label for="{{ field.id_for_label }}">{{ field.label }}{% if field.field.required %}'
    ' <span class="error">*</span>{% endif %}</label>\n'
    "  {{ field }}{% endif %}\n"
    '  {% if field.help_text %}<span class="helptext">{{ field.help_text }}</span>{% endif %}\n'
    '  {% if field.widget_type == "textarea" and field.field.max_length %}<span class="helptext counter"'
    ' data-counter-for="{{ field.id_for_label }}" data-template="{% translate \'已输入 {n} 字，不超过 {max} 字\' %}"'
    ' aria-live="polite">{% blocktranslate with max=field.field.max_length %}不超过 {{ max }} 字'
    "{% endblocktranslate %}</span>{% endif %}\n"
    "  {{ field.errors }}\n"
    "</div>\n"
    "{% endif %}\n"
    "{% endfor %}"
)


def _field(field: BoundField, shown: Any) -> str:
    """One visible field's `<div class="field">`; `shown` writes a value as `{{ value }}` does."""
    inner = field.field
    if getattr(inner.widget, "input_type", None) == "checkbox":
        label = f"<label>{shown(field)} {shown(field.label)}</label>"
    else:
        star = ' <span class="error">*</span>' if inner.required else ""
        label = f'\n  <label for="{shown(field.id_for_label)}">{shown(field.label)}{star}</label>\n  {shown(field)}'
    helptext = f'<span class="helptext">{shown(field.help_text)}</span>' if field.help_text else ""
    counter = ""
    max_length = getattr(inner, "max_length", None)
    if field.widget_type == "textarea" and max_length:
        # A literal's translation is safe text (not escaped); a blocktranslate's values are escaped.
        typed = gettext("已输入 {n} 字，不超过 {max} 字")
        limit = gettext("不超过 %(max)s 字") % {"max": shown(max_length)}
        counter = (
            f'<span class="helptext counter" data-counter-for="{shown(field.id_for_label)}"'
            f' data-template="{typed}" aria-live="polite">{limit}</span>'
        )
    return f'\n<div class="field">\n  {label}\n  {helptext}\n  {counter}\n  {shown(field.errors)}\n</div>\n'


@register.simple_tag(takes_context=True)
def form_fields(context: template.Context) -> SafeString:
    """The context's `form` as `FORM_FIELDS_TEMPLATE` renders it."""
    form = context.get("form")
    if form is None:  # the template's loop over nothing
        return mark_safe("\n")

    def shown(value: Any) -> str:
        return shown_in(value, context)

    errors = form.non_field_errors()
    parts = [f'<div class="error">{"".join(f"<p>{shown(e)}</p>" for e in errors)}</div>' if errors else ""]
    parts.append("\n")
    for field in form:
        parts.append("\n")
        parts.append(shown(field) if field.is_hidden else _field(field, shown))
        parts.append("\n")
    return mark_safe("".join(parts))  # every value above is escaped
