"""What changed on a record, field by field (字段、原值、新值、操作人、时间), read from its simple_history rows: the one
change history every page and admin page shows."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib import admin
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

HISTORY_LIMIT = 30
EMPTY = "（空）"
SYSTEM = "系统"
KINDS = {"+": "登记", "~": "修改", "-": "删除"}

# Never shown whatever the model: an account's password hash, a login's bookkeeping. A model adds its own
# secret or bookkeeping columns as `history_hidden_fields` (Person: the ID's ciphertext and look-up hash).
ALWAYS_HIDDEN = frozenset({"password", "last_login"})


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime.datetime
    who: str
    kind: str
    changes: list[FieldChange] = field(default_factory=list)
    subject: str = ""  # which record, in a history of several (an institution's entrustments)
    note: str = ""  # the reason saved with the row, if any


@dataclass
class ChangeHistory:
    """The newest `limit` entries, newest first; `truncated` when older ones were left out."""

    entries: list[HistoryEntry]
    limit: int
    truncated: bool

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)


def history_changes(obj, *, limit: int = HISTORY_LIMIT) -> ChangeHistory:
    """One record's change history: each save with the fields it changed, their old and new values as a person
    reads them, who saved it and when. A fixed number of queries however long the history."""
    return history_changes_of(obj.history.all(), model=type(obj), limit=limit)


def history_changes_of(
    records: models.QuerySet,
    *,
    model: type[models.Model],
    limit: int = HISTORY_LIMIT,
    subject: Callable[[object], str] | None = None,
) -> ChangeHistory:
    """The change history of every record in `records` (a historical queryset, e.g. of an institution's
    entrustments), each save diffed against the previous save of the same record; `subject(row)` names it."""
    history_model = records.model
    pk = model._meta.pk.attname  # the record's own id, a plain column of its history rows
    previous = history_model.objects.filter(**{pk: OuterRef(pk)}).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    rows = list(
        records.select_related("history_user")
        .annotate(previous_id=Subquery(previous.order_by("-history_date", "-history_id").values("history_id")[:1]))
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    truncated = len(rows) > limit
    shown = rows[:limit]
    by_id = {row.history_id: row for row in rows}
    missing = {row.previous_id for row in shown if row.previous_id is not None} - by_id.keys()
    if missing:
        by_id.update(history_model.objects.in_bulk(missing, field_name="history_id"))

    pairs = [(row, by_id.get(row.previous_id) if row.history_type != "+" else None) for row in shown]
    return _history(model, history_model, pairs, limit=limit, truncated=truncated, subject=subject)


def history_changes_from(saves: list, *, model: type[models.Model], limit: int = HISTORY_LIMIT) -> ChangeHistory:
    """One record's change history, as history_changes gives it, from every one of its history rows already read
    oldest first (with `history_user` selected): a page that reads them anyway saves the history's query."""
    newest = saves[::-1]
    pairs = [
        (row, newest[i + 1] if i + 1 < len(newest) and row.history_type != "+" else None)
        for i, row in enumerate(newest[:limit])
    ]
    return _history(model, model.history.model, pairs, limit=limit, truncated=len(saves) > limit, subject=None)


def _history(model, history_model, pairs, *, limit: int, truncated: bool, subject) -> ChangeHistory:
    """The entries of (history row, the record's previous row or None) pairs, newest first."""
    fields = _shown_fields(model, history_model)
    raw = [(row, _changed(fields, row, older) if older is not None else []) for row, older in pairs]
    names = _related_names(raw)
    # A model whose saves can change only a column it never keeps (an account's password) names that change
    # instead: (field, new value, who did it when no one was signed in).
    unseen = getattr(model, "history_unseen_change", None)
    entries = []
    for row, changed in raw:
        changes = [
            FieldChange(str(f.verbose_name), _display(f, old, names), _display(f, new, names))
            for f, old, new in changed
        ]
        who = str(row.history_user) if row.history_user else SYSTEM
        if not changes and row.history_type == "~":
            # a save that changed only hidden or bookkeeping columns (a login's last_login) says nothing to a
            # reader, unless the model says what such a save is
            if unseen is None:
                continue
            label, value, anonymous = unseen
            changes = [FieldChange(label, EMPTY, value)]
            who = str(row.history_user) if row.history_user else anonymous
        entries.append(
            HistoryEntry(
                at=row.history_date,
                who=who,
                kind=KINDS.get(row.history_type, row.history_type),
                changes=changes,
                subject=subject(row) if subject else "",
                note=row.history_change_reason or "",
            )
        )
    return ChangeHistory(entries=entries, limit=limit, truncated=truncated)


def _shown_fields(model, history_model) -> list[models.Field]:
    hidden = ALWAYS_HIDDEN | set(getattr(model, "history_hidden_fields", ()))
    return [
        f
        for f in history_model.tracked_fields
        if f.name not in hidden
        and not f.primary_key
        # auto_now columns change on every save and say nothing a person did
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


def _changed(fields: Iterable[models.Field], newer, older) -> list[tuple[models.Field, object, object]]:
    changed = []
    for f in fields:
        old, new = getattr(older, f.attname), getattr(newer, f.attname)
        if isinstance(f, models.FileField):
            if str(old or "") == str(new or ""):
                continue
            # stored names are random: say that the file changed, not where it lies
            old, new = ("原文件" if old else ""), (("新文件" if old else "已上传文件") if new else "")
        if old != new:
            changed.append((f, old, new))
    return changed


def _related_names(raw) -> dict[tuple[type, object], str]:
    """The str of every related row named in the changes: one query per related model, not per row."""
    wanted: dict[type, set] = {}
    for _, changed in raw:
        for f, old, new in changed:
            if f.is_relation and f.related_model is not None:
                wanted.setdefault(f.related_model, set()).update(v for v in (old, new) if v is not None)
    names = {}
    for related_model, pks in wanted.items():
        for pk, obj in related_model._base_manager.in_bulk(pks).items():
            names[(related_model, pk)] = str(obj)
    return names


def display_value(f: models.Field, value) -> str:
    """One value of a field as the history shows it (choice labels, 是/否, Y-m-d, （空）), for a page that compares
    two versions itself (a returned appointment's corrections); a related row shows by its id."""
    return _display(f, value, {})


def _display(f: models.Field, value, names) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if f.is_relation and f.related_model is not None:
        return names.get((f.related_model, value), f"#{value}（已删除）")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else f"{value:%Y-%m-%d %H:%M}"
        )
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, decimal.Decimal):
        return f"{value:f}"
    if isinstance(value, list | tuple):
        return "、".join(_item(f, v) for v in value)
    return str(value)


def _item(f: models.Field, value) -> str:
    # A JSON list of choice codes (an appointment's duties) reads as their labels where the model names them.
    labels = getattr(f.model, "history_item_labels", {}).get(f.name, {})
    return str(labels.get(value, value))


def history_table(history: ChangeHistory, *, testid: str = "history") -> SafeString:
    """The history as the shared table (templates/includes/history_changes.html), for admin pages."""
    return render_to_string("includes/history_changes.html", {"history": history, "testid": testid})


class ChangeHistoryAdmin:
    """ModelAdmin mixin: a record's change page ends with its change history, field by field (read-only).
    An admin that builds its own field lists adds `self.history_fields(obj)` to both."""

    def history_fields(self, obj) -> list[str]:
        return [] if obj is None else ["change_history"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.history_fields(obj)]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return [*fields, *(name for name in self.history_fields(obj) if name not in fields)]

    @admin.display(description="变更记录")
    def change_history(self, obj):
        return history_table(history_changes(obj), testid="admin-history")
