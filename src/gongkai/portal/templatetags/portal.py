"""Template tags of the public column: links that keep the embedded layout."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def gk(context: dict[str, Any], name: str, *args: Any) -> str:
    """The URL of a column page; inside an embedded page, the embedded version of it."""
    url = reverse(name, args=args)
    return url + "?embed=1" if context.get("embed") else url
