"""A queryset's SQL compiled once per process and database, run again with other parameters (issue 14).

Django compiles a queryset afresh each time it is evaluated (filter, resolve, clone, `as_sql`): about
0.3 ms of Python for a small query, repeated on every request for the session, the user and the menu.
A `CompiledQuery` builds its queryset once per database alias and vendor, with a sentinel value for each
parameter, keeps the SQL, finds each sentinel among the SQL's parameters and from then on runs that SQL
with the real values: adapted to the database by the parameter's model field, and the rows converted as
the ORM converts them (`connection.ops.get_db_converters` and the expressions' own converters).

Only querysets whose SQL does not depend on the values qualify: filters by equality or comparison, no
`__in` of a list, no slicing by a parameter. The query is compiled twice with two sets of sentinels when
first used: a different SQL or a sentinel missing from the SQL's parameters (inlined, folded away) is
refused then, never silently run with stale values.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

_SENTINEL_TEXT = "\x1egongkai-compiled-parameter-{}\x1e"


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]  # the SQL's parameters, each a constant or its slot in `slots`
    slots: tuple[int | None, ...]  # for each parameter, the index of the argument it takes, or None
    columns: tuple[Any, ...]  # the selected expressions, in the order of a row (for the converters)
    attnames: tuple[str, ...] | None  # for a model queryset: the fields' attribute names of a row
    related: tuple[Any, ...] = ()  # for a model queryset with select_related: Django's populators
    # Each connection's converters of the columns (its `ops` gives them as its own bound methods), found
    # on the connection's first use rather than on every run: 60 columns took ~0.16 ms a run.
    converters: weakref.WeakKeyDictionary[Any, list[tuple[int, list[Any], Any]]] = dataclass_field(
        default_factory=weakref.WeakKeyDictionary, compare=False
    )


class CompiledQuery:
    """`build(*arguments)` returns a queryset; `fields` are the model fields the arguments are values of.

    `rows(*values)` returns what `list(build(*values))` would for a `values_list()` queryset (tuples), and
    `objects(*values)` the model instances of a model queryset (no annotations or prefetching;
    `select_related` is filled in by Django's own populators, and the fields `only`/`defer` leave out
    are deferred, as `ModelIterable` does).
    """

    def __init__(self, build: Callable[..., models.QuerySet[Any]], *fields: models.Field[Any, Any]) -> None:
        self._build = build
        self._fields = fields
        self._model: type[models.Model] | None = None
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def rows(self, *values: Any) -> list[tuple[Any, ...]]:
        alias, compiled = self._for(values)
        if compiled.attnames is not None:
            raise TypeError("a model queryset: use objects()")
        return [tuple(row) for row in self._execute(alias, compiled, values)]

    def objects(self, *values: Any) -> list[Any]:
        alias, compiled = self._for(values)
        if compiled.attnames is None:
            raise TypeError("a values_list() queryset: use rows()")
        model = self._model
        assert model is not None
        width = len(compiled.attnames)
        found = []
        for row in self._execute(alias, compiled, values):
            obj = model.from_db(alias, compiled.attnames, row[:width])
            for populator in compiled.related:
                populator.populate(row, obj)
            found.append(obj)
        return found

    def _for(self, values: Sequence[Any]) -> tuple[str, _Compiled]:
        if len(values) != len(self._fields):
            raise TypeError(f"{len(self._fields)} values expected, {len(values)} given")
        if self._model is None:  # built with any sentinels: a queryset knows its model before any SQL
            default = connections[DEFAULT_DB_ALIAS]
            self._model = self._build(
                *(_sentinel(f, i, default, 0) for i, f in enumerate(self._fields))
            ).model
        alias = router.db_for_read(self._model)
        key = (alias, connections[alias].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(alias)
        return alias, compiled

    def _compile(self, alias: str) -> _Compiled:
        """Compiled twice, with two sets of sentinels: the same SQL and the same slots prove that the SQL
        does not depend on the values, and that no constant of the query was taken for a sentinel."""
        first, second = (self._compiled_with(alias, variant) for variant in (0, 1))
        if (first.sql, first.slots) != (second.sql, second.slots):
            raise ValueError(f"the SQL depends on the values: {first.sql} / {second.sql}")
        return first

    def _compiled_with(self, alias: str, variant: int) -> _Compiled:
        connection = connections[alias]
        sentinels = [_sentinel(field, i, connection, variant) for i, field in enumerate(self._fields)]
        queryset = self._build(*sentinels)
        attnames = _checked(queryset)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        adapted = [
            _adapt(field, value, connection) for field, value in zip(self._fields, sentinels, strict=True)
        ]
        slots = tuple(_slot(p, adapted) for p in params)
        for i, value in enumerate(adapted):
            if i not in slots:
                raise ValueError(f"parameter {i} ({value!r}) is not among the SQL's parameters: {sql}")
        columns = tuple(column for column, _sql, _alias in compiler.select[: compiler.col_count])
        related: tuple[Any, ...] = ()
        if attnames is not None:  # the model's own columns come first, then those of select_related
            own = compiler.klass_info["select_fields"]
            if list(own) != list(range(len(own))):
                raise TypeError("the model's own columns are not the first of the row")
            attnames = tuple(column.target.attname for column in columns[: len(own)])
            related = tuple(get_related_populators(compiler.klass_info, compiler.select, alias))  # type: ignore[call-arg]
        return _Compiled(sql, tuple(params), slots, columns, attnames, related)

    def _execute(self, alias: str, compiled: _Compiled, values: Sequence[Any]) -> list[list[Any]]:
        connection = connections[alias]
        adapted = [
            _adapt(field, value, connection) for field, value in zip(self._fields, values, strict=True)
        ]
        params = [
            p if slot is None else adapted[slot]
            for p, slot in zip(compiled.params, compiled.slots, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        converters = compiled.converters.get(connection)
        if converters is None:
            converters = compiled.converters[connection] = _converters(connection, compiled.columns)
        for i, functions, expression in converters:
            for row in rows:
                value = row[i]
                for function in functions:
                    value = function(value, expression, connection)
                row[i] = value
        return rows


def _checked(queryset: models.QuerySet[Any]) -> tuple[str, ...] | None:
    """Refuses querysets whose rows this module would not build as the ORM does; () for a model queryset."""
    query = queryset.query
    if queryset._prefetch_related_lookups or query.extra_select:  # type: ignore[attr-defined]
        raise TypeError("prefetching and extra() are not supported")
    iterable = queryset._iterable_class  # type: ignore[attr-defined]
    if iterable is ModelIterable:
        if query.annotation_select:
            raise TypeError("a model queryset with annotations")
        # only()/defer(): the row holds the loaded fields, which `from_db` takes by name (as ModelIterable)
        return ()
    if iterable is not ValuesListIterable:
        raise TypeError("only model querysets and values_list() (not flat, not named) are supported")
    names = [*query.values_select, *query.annotation_select]
    fields = [*queryset._fields, *(f for f in query.annotation_select if f not in queryset._fields)]  # type: ignore[attr-defined]
    if queryset._fields and fields != names:  # type: ignore[attr-defined]
        raise TypeError(f"values_list() should name the fields before the annotations, in order: {names}")
    return None


def _sentinel(field: models.Field[Any, Any], i: int, connection: Any, variant: int) -> Any:
    """A value of the field's type that no query would hold as a constant (one per argument and variant)."""
    if isinstance(field, models.IntegerField):
        _low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (high or 2**31 - 1) - 7919 - 2 * i - variant
    if isinstance(field, models.DateTimeField):
        return dt.datetime(2999, 12, 31, 23, 58 - variant, i, 271_828, tzinfo=dt.UTC)
    if isinstance(field, models.CharField | models.TextField):
        return _SENTINEL_TEXT.format(f"{i}-{variant}")
    raise TypeError(f"no sentinel for a {type(field).__name__}")


def _adapt(field: models.Field[Any, Any], value: Any, connection: Any) -> Any:
    """The value as the ORM passes it to the database for a lookup on the field."""
    return field.get_db_prep_value(value, connection, prepared=False)


def _slot(param: Any, sentinels: list[Any]) -> int | None:
    """The index of the (adapted) sentinel the parameter is, None for a constant."""
    for i, value in enumerate(sentinels):
        if type(param) is type(value) and param == value:
            return i
    return None


def _converters(connection: Any, columns: Sequence[Any]) -> list[tuple[int, list[Any], Any]]:
    """As SQLCompiler.get_converters: the database's and the expression's converters of each column."""
    found = []
    for i, expression in enumerate(columns):
        functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        if functions:
            found.append((i, functions, expression))
    return found
