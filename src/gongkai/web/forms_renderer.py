"""Form widgets written in Python instead of through Django's template engine: the same HTML, for a
fraction of the CPU (issue 14: 50 clerks at once; docs/decisions/load-model.md).

Django renders every widget, every option of a select and every (even empty) error list through a
template of its own; the registration form spent about half of its server time there. `QuickRenderer`
writes the few templates every form uses (inputs, selects and their options, text areas, empty error
lists) in Python, and only while the template its engine would use is Django's own, word for word
(`QUICK_SOURCES`): a template overridden by an app, or changed by a Django upgrade, is rendered by the
template engine as before. tests/apps/test_forms_renderer.py compares both on every form of the system.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template import Context, TemplateDoesNotExist
from django.utils.safestring import SafeData

from gongkai.core.html import escaped, shown

WIDGETS = "django/forms/widgets/"
INPUT = WIDGETS + "input.html"
SELECT_OPTION = WIDGETS + "select_option.html"

# The sources of the templates written below, as Django 5 ships them.
_ATTRS = '{% include "django/forms/widgets/attrs.html" %}'
_INCLUDES_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
QUICK_SOURCES: dict[str, str] = {
    WIDGETS + "attrs.html": "{% for name, value in widget.attrs.items %}{% if value is not False %}"
    " {{ name }}{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}",
    INPUT: '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}'
    " value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}" + _ATTRS + ">\n",
    **{
        f"{WIDGETS}{name}.html": _INCLUDES_INPUT
        for name in ("text", "date", "email", "number", "password", "url", "tel", "search", "hidden", "file")
    },
    WIDGETS + "select.html": '<select name="{{ widget.name }}"' + _ATTRS + ">"
    "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
    '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
    "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
    "  </optgroup>{% endif %}{% endfor %}\n</select>\n",
    SELECT_OPTION: "<option value=\"{{ widget.value|stringformat:'s' }}\""
    + _ATTRS
    + ">{{ widget.label }}</option>\n",
    WIDGETS + "textarea.html": '<textarea name="{{ widget.name }}"' + _ATTRS + ">\n"
    "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n",
    "django/forms/errors/list/default.html": '{% include "django/forms/errors/list/ul.html" %}',
    "django/forms/errors/list/ul.html": '{% if errors %}<ul class="{{ error_class }}"'
    '{% if errors.field_id %} id="{{ errors.field_id }}_error"{% endif %}>'
    "{% for error in errors %}<li>{{ error }}</li>{% endfor %}</ul>{% endif %}",
}

# How `{{ value }}` shows a value in these templates (autoescape on, localised as the engine does).
_CONTEXT = Context(autoescape=True)


def _shown(value: Any) -> str:
    return str(shown(value, _CONTEXT))


def _string(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: str() of the value, escaped unless it is marked safe."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 - what the filter does
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else escaped(text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_shown(name)}" if value is True else f' {_shown(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_string(value)}"' if value != None else ""  # noqa: E711 - the template's test
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option: Mapping[str, Any]) -> str:
    return (
        f'<option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>"
    )


class QuickRenderer(DjangoTemplates):
    """Django's default form renderer, with the common widgets written in Python (same output: like
    the renderer's, it has no surrounding white space)."""

    def __init__(self) -> None:
        super().__init__()
        self._quick: dict[str, bool] = {}

    def is_quick(self, template_name: str) -> bool:
        """Whether the template this renderer would use is Django's own source, known here."""
        known = self._quick.get(template_name)
        if known is None:
            expected = QUICK_SOURCES.get(template_name)
            try:
                source = self.get_template(template_name).template.source if expected else None
            except TemplateDoesNotExist:
                source = None
            known = self._quick[template_name] = expected is not None and source == expected
        return known

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = _WRITERS.get(template_name)
        if write is not None and self.is_quick(template_name) and self.is_quick(WIDGETS + "attrs.html"):
            written = write(self, context)
            if written is not None:
                return written
        return super().render(template_name, context, request)


def _write_input(renderer: QuickRenderer, context: dict[str, Any]) -> str | None:
    return _input(context["widget"]) if renderer.is_quick(INPUT) else None


def _write_select(renderer: QuickRenderer, context: dict[str, Any]) -> str | None:
    widget = context["widget"]
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION or not renderer.is_quick(SELECT_OPTION):
                return None  # another option template: the whole select by the engine
            parts.append(f"\n  {_option(option)}\n")  # an included template keeps its last line break
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _write_textarea(renderer: QuickRenderer, context: dict[str, Any]) -> str | None:
    widget = context["widget"]
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _write_errors(renderer: QuickRenderer, context: dict[str, Any]) -> str | None:
    # An empty list (every field of a form shown without errors) is nothing; a list with errors is
    # rare and shown by the template.
    ul = "django/forms/errors/list/ul.html"
    return "" if not context["errors"] and renderer.is_quick(ul) else None


_WRITERS: dict[str, Callable[[QuickRenderer, dict[str, Any]], str | None]] = {
    **{name: _write_input for name, source in QUICK_SOURCES.items() if source == _INCLUDES_INPUT},
    INPUT: _write_input,
    WIDGETS + "select.html": _write_select,
    SELECT_OPTION: lambda renderer, context: _option(context["widget"]),
    WIDGETS + "textarea.html": _write_textarea,
    "django/forms/errors/list/default.html": _write_errors,
    "django/forms/errors/list/ul.html": _write_errors,
}
