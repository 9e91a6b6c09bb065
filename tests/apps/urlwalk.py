"""Walk every URL pattern of a URL configuration and check who may reach it (issue 14 item 3).

The walk is generated from the URL resolver, so a new page is covered the day it is added: every pattern is
requested (GET and POST) as anonymous, as staff of other agencies and as each role of agency A, with its
parameters filled with the ids of agency A's objects. `violations()` returns what is wrong, in words:

- anonymous reaches a page that is not declared public (anything but a redirect to a login page, 403, 404
  or 405), sees one of agency A's marker texts on any page (public pages included), or changes anything
  by a POST; or any request answers 500;
- staff of another agency (or a supervising office elsewhere) gets anything but 403/404/405 for a URL
  naming an object of agency A, sees one of agency A's marker texts in any answer (downloads included:
  Word, Excel and zip files are opened), or changes anything by a POST;
- a role of agency A changes something by a POST that `WRITERS` does not give it;
- a pattern is neither public nor declared in `WRITERS` (the author of a new page says who may change
  something through it).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Patterns anyone may open without logging in (the reason is the page itself).
PUBLIC = {
    "login",  # the login page
    "logout",  # ends one's own session
    "set_language",  # Django's language switch (a cookie)
    "admin:login",  # Django admin's login page
    "admin:logout",  # ends one's own session (anonymous: sent to the admin's login)
    # The public column (gongkai.portal): published documents, guides and reports only; GET only.
    "portal:index",
    "portal:display",  # the large-text switch: a cookie
    "portal:column",
    "portal:guide",
    "portal:guide_file",
    "portal:rules",
    "portal:catalogue",
    "portal:search",
    "portal:document",
    "portal:attachment",
    "portal:reports",
    "portal:report",
    "portal:report_file",
    "portal:old_index",  # the former /public/ pages: permanent redirects to the column
    "portal:old_reports",
    "portal:old_report",
    "portal:old_report_file",
    # On-line applications (gongkai.online): the form and the lookup; letters and uploads only after the
    # 查询码 kept in the session is re-checked.
    "online:apply",
    "online:submitted",  # the numbers of one's own submission, kept in one's session
    "online:lookup",
    "online:lookup_end",  # forgets one's own verified lookup
    "online:lookup_letter",
    "online:lookup_send",
    "supervision:ranking_public",  # the office publishes its 年报体检 ranking on purpose (a snapshot)
    # The open-data API (gongkai.api): published things only, read-only, no login by design.
    "api:api-root",
    "api_unknown",  # any other address under /api/: a JSON 404
    "api_root",
    "api:openapi-json",
    "api:openapi-view",
    "api:agencies",
    "api:catalogue",
    "api:catalogue_csv",
    "api:document",
    "api:reports",
    "api:report",
    "api:applications",  # POST an on-line application: anyone may apply (第二十九条), rate-limited per address
    "api:application",  # the lookup: only with the right 查询码
}

STAFF = frozenset({"clerk", "reviewer", "head", "agency_admin"})
HANDLERS = frozenset({"clerk", "reviewer", "head"})
OVERSEERS = frozenset({"agency_admin", "supervisor", "superuser"})
EVERYONE = STAFF | {"supervisor", "superuser"}
OFFICE = frozenset({"supervisor", "superuser"})  # the supervising office of agency A's government
DRAFTERS = frozenset({"clerk", "reviewer", "head"})  # proactive.chain.DRAFTERS


def _step_writers(kwargs: dict[str, str]) -> frozenset[str]:
    # Imported when walking: the workflow's roles are the declaration of who takes each step.
    from gongkai.applications.workflow import TRANSITIONS

    return frozenset(str(r) for r in TRANSITIONS[kwargs["action"]].roles)


def _document_step_writers(kwargs: dict[str, str]) -> frozenset[str]:
    # Imported when walking: the register's chain is the declaration of who takes each step.
    from gongkai.proactive.chain import TRANSITIONS

    transition = TRANSITIONS.get(kwargs["action"])
    return frozenset(str(r) for r in transition.roles) if transition else frozenset()


# Who of agency A (and its supervising office, and the system administrator) may change data by a POST
# to each pattern; every other persona's POST must change nothing. Admin patterns: the superuser only.
WRITERS: dict[str, frozenset[str] | Callable[[dict[str, str]], frozenset[str]]] = {
    "dashboard": frozenset(),
    "calendar": frozenset({"superuser"}),  # the system administrator loads a year's holidays
    "accounts:password_change": EVERYONE,  # one's own password only
    "agencies:people": frozenset({"agency_admin", "superuser"}),
    "agencies:particulars": frozenset({"agency_admin", "superuser"}),
    "agencies:remove": frozenset({"agency_admin", "superuser"}),
    "agencies:decide_request": OVERSEERS,
    "agencies:unlock": OVERSEERS,
    "agencies:reset_password": OVERSEERS,
    "agencies:audit": frozenset(),
    "agencies:invitations": EVERYONE,  # one's own invitations only
    "applications:list": frozenset(),
    "applications:export": frozenset(),
    "applications:register": frozenset({"clerk", "head"}),
    "applications:detail": frozenset(),
    "applications:step": _step_writers,
    "applications:reassign": frozenset({"head", "agency_admin"}),
    "applications:letter": frozenset({"clerk", "head"}),
    "applications:letter_issue": frozenset({"clerk", "head"}),
    "applications:letter_file": frozenset(),
    "applications:letter_void": frozenset({"head"}),
    "applications:attachment_upload": HANDLERS,
    "applications:attachment": frozenset(),
    "applications:review_new": HANDLERS,
    "applications:undo": HANDLERS,
    "applications:review_correct": HANDLERS,
    "applications:review_void": HANDLERS,
    "applications:export_xlsx": frozenset(),
    "applications:review_conclude": HANDLERS,
    "applications:ledger_import": frozenset({"clerk", "head", "agency_admin"}),
    "reports:list": frozenset(),
    "reports:open": STAFF,
    "reports:detail": frozenset(),
    "reports:inputs": STAFF,
    "reports:inputs_import": STAFF,
    "reports:inputs_template": frozenset(),
    "reports:text": STAFF,
    "reports:previous": STAFF,
    "reports:check": STAFF,
    "reports:approve": frozenset({"head"}),
    "reports:publish": STAFF,
    "reports:submit": STAFF,
    "reports:draft_file": frozenset(),
    "statistics:statistics": frozenset(),
    "statistics:statistics_export": frozenset(),
    "supervision:reports": frozenset(),
    "proactive:register": frozenset(),
    "proactive:new": DRAFTERS,
    "proactive:detail": frozenset(),
    "proactive:edit": DRAFTERS,
    "proactive:step": _document_step_writers,
    "proactive:acknowledge": frozenset({"reviewer", "head"}),
    "proactive:attachment_upload": DRAFTERS,
    "proactive:attachment": frozenset(),
    "proactive:catalogue": frozenset(),
    "proactive:import": frozenset({"head"}),  # imported documents are published: a head only
    "proactive:import_template": frozenset(),
    "proactive:guide": frozenset(),
    "proactive:guide_file": frozenset(),
    "proactive:settings": frozenset({"agency_admin", "head"}),
    "supervision:dashboard": frozenset(),
    "supervision:dashboard_export": frozenset(),
    "supervision:health": frozenset(),
    "supervision:health_export": frozenset(),
    "supervision:ranking_publish": OFFICE,
    "supervision:cases": frozenset(),
    "supervision:case_new": OFFICE,
    "supervision:case": EVERYONE,  # agency A's staff answer the 督办, the office closes or escalates it
    "supervision:complaints": OFFICE,
    "supervision:complaint": OFFICE,
    "supervision:records": OFFICE,
    "supervision:compare": frozenset(),
    "supervision:compare_export": frozenset(),
    "supervision:narrative": frozenset(),
    "online:unconfirmed": frozenset(),
    "online:confirm": frozenset({"clerk", "head"}),
    "online:id_image": frozenset(),
}

OUTSIDERS = ("clerk_b", "head_b", "other_supervisor")
INSIDERS = ("clerk", "reviewer", "head", "agency_admin", "supervisor", "superuser")
REFUSED = {403, 404, 405}
LOGIN_PAGES = ("/login/", "/admin/login/")


@dataclass(frozen=True)
class Pattern:
    """One URL pattern, with its full name (namespace:name, or the route when unnamed) and its pieces."""

    name: str
    pieces: tuple[str, ...]  # the route or regex of each level, outermost first
    params: tuple[str, ...]


def walk(urlconf: str | None = None) -> list[Pattern]:
    """Every pattern of the URL configuration, nested includes flattened."""
    return list(_walk(get_resolver(urlconf).url_patterns, (), ""))


def _walk(patterns: list[Any], pieces: tuple[str, ...], namespace: str) -> Iterator[Pattern]:
    for entry in patterns:
        piece = str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, (*pieces, piece), inner)
        elif isinstance(entry, URLPattern):
            all_pieces = (*pieces, piece)
            name = f"{namespace}{entry.name}" if entry.name else "".join(all_pieces)
            params = tuple(p for part in all_pieces for p in _params_of(part))
            yield Pattern(name, all_pieces, params)


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def _params_of(piece: str) -> list[str]:
    if piece.startswith("^") or piece.endswith("$"):
        return [m["name"] for m in _REGEX_PARAM.finditer(piece)]
    return [m["name"] for m in _ROUTE_PARAM.finditer(piece)]


def _choices_in(piece: str, name: str) -> list[str]:
    """The literal alternatives a regex group allows (`docx|pdf`), or [] if it is not such a group."""
    for match in _REGEX_PARAM.finditer(piece):
        if match["name"] == name and re.fullmatch(r"[\w|]+", match["body"]):
            return match["body"].split("|")
    return []


def build(pattern: Pattern, kwargs: dict[str, str]) -> str:
    """The URL of `pattern` with `kwargs` put in (works for unnamed patterns too, unlike reverse())."""
    url = ""
    for piece in pattern.pieces:
        if piece.startswith("^") or piece.endswith("$"):
            text = _REGEX_PARAM.sub(lambda m: kwargs[m["name"]], piece.lstrip("^").rstrip("$"))
            text = re.sub(r"\\(.)", r"\1", text)
        else:
            text = _ROUTE_PARAM.sub(lambda m: kwargs[m["name"]], piece)
        url += text
    return "/" + url


def fillings(pattern: Pattern, objects: dict[str, Any]) -> list[dict[str, str]]:
    """Every combination of parameter values to request: agency A's objects, each allowed alternative.

    A value given as a function of the other parameters (`objects["by_pattern"]`, e.g. the document in
    the state a step applies to) is filled in last, one per combination."""
    combos: list[dict[str, str]] = [{}]
    later = []
    for param in pattern.params:
        values = _values(pattern, param, objects)
        if callable(values):
            later.append((param, values))
        else:
            combos = [{**c, param: v} for c in combos for v in values]
    for param, pick in later:
        combos = [{**c, param: str(pick(c))} for c in combos]
    return combos


def _specific(pattern: Pattern, param: str, objects: dict[str, Any]) -> Any:
    """The value the fixture gives for this pattern's (or this area's) parameter, or None."""
    area = pattern.name.split(":")[0]
    given = objects.get("by_pattern", {})
    for key in (f"{pattern.name}.{param}", f"{area}.{param}"):
        if key in given:
            return given[key]
    return None


def _values(pattern: Pattern, param: str, objects: dict[str, Any]) -> Any:
    choices = [c for piece in pattern.pieces for c in _choices_in(piece, param)]
    if choices:
        return choices
    area = pattern.name.split(":")[0]
    by_name: dict[str, Any] = {
        "letter_id": objects["letter"].pk,
        "suffix": ["docx", "pdf"],
        "attachment_id": objects["attachment"].pk,
        "case_id": objects["case"].pk,
        "membership_id": objects["membership"].pk,
        "request_id": objects["role_request"].pk,
        "user_id": objects["user"].pk,
        "id": objects["user"].pk,
        "agency_id": objects["agency"].pk,
        "decision": ["confirm", "decline"],
        "action": objects["actions"],
        "code": objects["agency"].code,
        "year": objects["report"].year,
        "number": objects["application"].number,  # api:application: without its 查询码 it reveals nothing
        "object_id": objects["application"].pk,
        "content_type_id": 1,
        "app_label": "applications",
        "url": "applications/application/",
    }
    value = _specific(pattern, param, objects)
    if callable(value):
        return value
    if value is not None:
        pass
    elif param == "pk":
        value = {"applications": objects["application"], "reports": objects["report"]}.get(
            area, objects["agency"]
        ).pk
    elif param in by_name:
        value = by_name[param]
    else:
        raise KeyError(f"{pattern.name}: no value for parameter {param!r}: add one to urlwalk._values")
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _fingerprinted() -> list[Any]:
    return [
        model
        for model in apps.get_models()
        if (model.__module__.startswith("gongkai.") or model._meta.label == "auth.User")
        and model._meta.label not in {"accounts.AuditEntry"}
    ]


def fingerprint() -> str:
    """A digest of every row of gongkai's tables and the users: any change by a request shows in it."""
    digest = hashlib.sha256()
    for model in _fingerprinted():
        rows = model._default_manager.order_by("pk").values_list()
        digest.update(repr((model._meta.label, list(rows))).encode())
    return digest.hexdigest()


_WRITE = re.compile(r"\b(?:INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


class WriteWatch:
    """Whether a statement that may change a fingerprinted table ran since the last `take()`: the digest
    (hundreds of queries) is only worth computing then. A write to one of those tables names it (quoted
    by the ORM, maybe not in raw SQL); sessions, the audit log and login throttling write to others."""

    def __init__(self) -> None:
        names = "|".join(re.escape(model._meta.db_table) for model in _fingerprinted())
        self.tables = re.compile(rf"\b(?:{names})\b")
        self.dirty = False

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if not self.dirty and _WRITE.search(sql) and self.tables.search(sql):
            self.dirty = True
        return execute(sql, params, many, context)

    def take(self) -> bool:
        dirty, self.dirty = self.dirty, False
        return dirty


def memoised(render: Callable[[Any, str], bytes]) -> Callable[[Any, str], bytes]:
    """`render` computed once per report data and kind: nothing changes during a walk, so each persona
    allowed a draft's download gets the same file (a PDF takes seconds to render)."""
    done: dict[tuple[str, str], bytes] = {}

    def once(data: Any, kind: str) -> bytes:
        key = (repr(sorted(data.items(), key=str)), kind)
        if key not in done:
            done[key] = render(data, kind)
        return done[key]

    return once


def visible_text(response: Any) -> str:
    """The text of an answer: HTML/CSV as is; a Word/Excel/zip file's XML parts unpacked."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8-sig", "replace")


@dataclass
class Walker:
    """Requests every pattern as one persona and collects what is wrong."""

    objects: dict[str, Any]
    payload: dict[str, Any]
    markers: tuple[str, ...]
    problems: list[str]
    # Form values of one pattern or one area (its namespace) where they differ from the shared payload;
    # a function is called for each request (a fresh file).
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    baseline: str = field(default_factory=fingerprint)
    writes: WriteWatch = field(default_factory=WriteWatch)

    def refused(self, response: Any) -> bool:
        if response.status_code in REFUSED:
            return True
        return response.status_code == 302 and response["Location"].startswith(LOGIN_PAGES)

    def request(self, client: Client, method: str, url: str, pattern: Pattern | None = None) -> Any:
        if method == "get":
            return client.get(url)
        data = {**self.payload, "file": _upload(), "attachment": _upload(), "ledger": _upload()}
        if pattern is not None:
            for key in (pattern.name.split(":")[0], pattern.name):
                data.update({k: v() if callable(v) else v for k, v in self.overrides.get(key, {}).items()})
        return client.post(url, data)

    def check(self, who: str, client: Client, pattern: Pattern) -> None:
        for kwargs in fillings(pattern, self.objects):
            url = build(pattern, kwargs)
            # Who may change data only reads here: the walk must leave agency A's objects as they are.
            writes = who != "anonymous" and self._may_write(who, pattern, kwargs)
            for method in ("get",) if writes or pattern.name in PUBLIC else ("get", "post"):
                response = self.request(client, method, url, pattern)
                self.judge(who, pattern, kwargs, method, url, response, method == "post" and self.changed())

    def changed(self) -> bool:
        """Whether the data differ from what they were after the last POST (or when the walk began).

        Nothing the walk sends may change anything (writers only read, GET never writes), so one digest
        after each POST is enough: a difference is this POST's doing (or a GET's since, a defect too).
        Where no statement since then wrote to a fingerprinted table, nothing can differ."""
        if not self.writes.take():
            return False
        now = fingerprint()
        if now == self.baseline:
            return False
        self.baseline = now
        return True

    def judge(
        self, who: str, pattern: Pattern, kwargs: dict[str, str], method: str, url: str, r: Any, changed: bool
    ) -> None:
        where = f"{who} {method.upper()} {url} ({pattern.name}) → {r.status_code}"
        if r.status_code >= 500:
            self.problems.append(f"{where}: server error")
        public = pattern.name in PUBLIC
        if who == "anonymous" and not public and not self.refused(r):
            self.problems.append(f"{where}: reached without logging in")
        if who in OUTSIDERS and pattern.params and not public and not self.refused(r):
            self.problems.append(f"{where}: another agency's object answered")
        if who == "anonymous" or who in OUTSIDERS:
            text = visible_text(r)
            leaked = [m for m in self.markers if m in text]
            if leaked:
                self.problems.append(f"{where}: shows agency A's {leaked}")
        if changed and (who == "anonymous" or not (public or self._may_write(who, pattern, kwargs))):
            self.problems.append(f"{where}: POST changed data it may not change")

    def _may_write(self, who: str, pattern: Pattern, kwargs: dict[str, str]) -> bool:
        if pattern.name.startswith("admin:") or pattern.name.startswith("admin/"):
            return who == "superuser"
        declared = WRITERS.get(pattern.name)
        if declared is None:
            return False
        allowed = declared(kwargs) if callable(declared) else declared
        return who in allowed


def _upload() -> Any:
    # Imported here: a fresh file object per request (Django reads it to the end).
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("甲机关上传.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")


def undeclared(patterns: list[Pattern]) -> list[str]:
    """Patterns of gongkai neither public nor in WRITERS (Django admin's own are covered generically)."""
    return [
        f"{p.name}: declare in urlwalk.WRITERS who may change data through it (or add it to PUBLIC)"
        for p in patterns
        if p.name not in PUBLIC and p.name not in WRITERS and not p.name.startswith("admin")
    ]


def violations(
    personas: dict[str, Client],
    objects: dict[str, Any],
    payload: dict[str, Any],
    markers: tuple[str, ...],
    only: Callable[[Pattern], bool] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> list[str]:
    """Everything wrong with who reaches what, over every pattern of the current URL configuration."""
    from unittest import mock

    from django.db import connection

    patterns = [p for p in walk() if only is None or only(p)]
    walker = Walker(objects, payload, markers, undeclared(patterns), overrides or {})
    render = memoised(import_module("gongkai.reports.views").render_file)
    with connection.execute_wrapper(walker.writes), mock.patch("gongkai.reports.views.render_file", render):
        for who, client in personas.items():
            for pattern in patterns:
                walker.check(who, client, pattern)
    return walker.problems
