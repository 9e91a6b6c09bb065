"""The request boundary: control characters removed from every query-string and form value (issue 14
item 8), so that no view, form, model or writer ever receives them (`gongkai.annual.printable`).

Passwords are left as typed (a password is compared, never printed)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from gongkai.annual.printable import has_unprintable, printable

_VERBATIM = frozenset(
    {"password", "password1", "password2", "old_password", "new_password1", "new_password2"}
)
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def cleaned(query: QueryDict) -> QueryDict:
    """`query` itself when every key and value is printable, else a copy with them made printable."""
    if not any(has_unprintable(k) or any(has_unprintable(v) for v in vs) for k, vs in query.lists()):
        return query
    copy = QueryDict(mutable=True)
    for key, values in query.lists():
        copy.setlist(printable(key), [v if key in _VERBATIM else printable(v) for v in values])
    copy._mutable = False
    return copy


class PrintableInputMiddleware:
    """Replaces `request.GET` and, for form posts, `request.POST` by their printable versions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # django-stubs type GET and POST as an immutable QueryDict, which `cleaned` returns (not mutable).
        request.GET = cleaned(request.GET)  # type: ignore[assignment]
        if request.method == "POST" and request.content_type in _FORMS:
            request.POST = cleaned(request.POST)  # type: ignore[assignment]
        return self.get_response(request)
