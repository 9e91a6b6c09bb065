"""The append-only log that applications and annual reports keep, and the link to the person who acted.

A concrete log subclasses `AppendOnlyEvent`, adds the foreign key to what it records (named by
`owner_field`) and the states before and after, and gets `objects.append(…)`: the one writer of the
log, which numbers the events of one owner 1, 2, 3, … (Froide's `FoiEvent.objects.create_event`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.utils import timezone


def optional_user(verbose_name: str, related_name: str | None = None) -> models.ForeignKey[Any, Any]:
    """A link to the user who did something, if known; a user with such links is never deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
    )


def acting_user(user: Any) -> Any:
    """The user to record as the actor: None for nobody, the system or an anonymous visitor."""
    return user if getattr(user, "pk", None) and getattr(user, "is_authenticated", False) else None


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a record of the append-only log."""


_Event = TypeVar("_Event", bound="AppendOnlyEvent")


class EventLog(models.Manager[_Event], Generic[_Event]):
    """The one writer of an append-only log: every event of every service goes through `append`."""

    def append(
        self,
        owner: models.Model,
        action: str,
        *,
        actor: Any = None,
        data: Mapping[str, Any] | None = None,
        from_state: str | None = None,
        at: dt.datetime | None = None,
        first: bool = False,
    ) -> _Event:
        """Append the next event of `owner`: `action` (a member of the log's action enum) done by `actor`
        at `at` (now), moving `owner` from `from_state` (its current state) to its current state.

        Called inside the use case's transaction: it locks `owner`'s row (a no-op where it is already
        locked, and on SQLite), so that two events appended at once get consecutive numbers; the (owner,
        seq) unique constraint refuses a second event with the same number in any case. `first`: `owner`
        was created in this very transaction, which nobody else sees yet — its event 1, with no lock to
        take nor number to look up.
        """
        owner_field = self.model.owner_field
        last = 0
        if not first:
            list(type(owner)._default_manager.select_for_update().filter(pk=owner.pk).values_list("pk"))
            last = self.filter(**{owner_field: owner}).aggregate(last=Max("seq"))["last"] or 0
        state = str(getattr(owner, "state", ""))
        return self.create(
            **{owner_field: owner},
            seq=last + 1,
            at=at or timezone.now(),
            actor=acting_user(actor),
            action=str(action),
            from_state=state if from_state is None else from_state,
            to_state=state,
            data=dict(data or {}),
        )

    def append_all(
        self, entries: Iterable[tuple[models.Model, str, str, Mapping[str, Any]]], *, actor: Any = None
    ) -> list[_Event]:
        """Append one event to each of many owners in a few queries (an import of thousands of rows):
        entries are (owner, action, from_state, data), each owner at most once, its state already set."""
        entries = list(entries)
        owner_field = self.model.owner_field
        owner_ids = [owner.pk for owner, _action, _from, _data in entries]
        last = dict(
            self.filter(**{f"{owner_field}_id__in": owner_ids})
            .values_list(f"{owner_field}_id")
            .annotate(Max("seq"))
        )
        now = timezone.now()
        events = [
            self.model(
                **{owner_field: owner},
                seq=last.get(owner.pk, 0) + 1,
                at=now,
                actor=acting_user(actor),
                action=str(action),
                from_state=from_state,
                to_state=str(getattr(owner, "state", "")),
                data=dict(data),
            )
            for owner, action, from_state, data in entries
        ]
        return self.bulk_create(events, batch_size=500)


class AppendOnlyEvent(models.Model):
    """One step in an append-only history: who, when, what, the state before and after, and the data."""

    owner_field: str
    log_label: str

    seq = models.PositiveIntegerField("序号")
    at = models.DateTimeField("时间")
    actor = optional_user("操作人")
    action = models.CharField("操作", max_length=32)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.owner_field + '_id')}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self.log_label}只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(f"{self.log_label}只能追加，不能删除。")
