"""The one way services save: validate, then save naming the actor in the change history (where a model keeps one);
a unique row lost to a simultaneous write is the same form error as a sequential one; files reach storage only when
their row commits."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone


def save(obj, actor, *, update_fields: Iterable[str] | None = None) -> None:
    """Validate and save, naming the actor in the change history (the middleware covers only web requests).

    Two requests may both pass `full_clean` before either inserts: the loser's unique violation is turned
    into the ValidationError `full_clean` would now give (same field, same words), not a 500. Uploaded files
    are written to storage after the transaction commits, so a refused or rolled-back write leaves no file.
    """
    # A file already stored was checked when it was uploaded; reading it back on every save would be wasted
    # work, and fails for a file whose row (created earlier in this transaction) has not committed yet.
    stored = [
        field.name
        for field in _file_fields(obj)
        if getattr(obj, field.attname) and getattr(obj, field.attname)._committed
    ]
    if update_fields is None:
        obj.full_clean(exclude=stored)
    else:
        update_fields = list(update_fields)
        _validate_update(obj, set(update_fields) - set(stored))
    obj._history_user = actor
    uploads = _defer_uploads(obj)
    try:
        with transaction.atomic():  # a savepoint: after a violation the caller's transaction stays usable
            obj.save(update_fields=list(update_fields) if update_fields is not None else None)
    except IntegrityError:
        _undefer_uploads(obj, uploads)
        _raise_validation_error_for(obj)
        raise
    except BaseException:
        _undefer_uploads(obj, uploads)
        raise
    for field, _, name, content in uploads:
        transaction.on_commit(partial(_store, obj, field, name, content))


def _raise_validation_error_for(obj) -> None:
    # The row that won is committed by now (PostgreSQL makes the loser wait for it), so the checks see it.
    obj.validate_unique()
    obj.validate_constraints()


def _defer_uploads(obj) -> list[tuple[models.FileField, str, str, object]]:
    """Give each newly uploaded file its final name on the row, without writing it to storage yet."""
    uploads = []
    for field in _file_fields(obj):
        file = getattr(obj, field.attname)
        if not file or file._committed:
            continue
        uploaded_as = file.name
        name = field.generate_filename(obj, uploaded_as)  # upload_to may read the content (evidence kind)
        file.name = name
        file._committed = True  # FileField.pre_save would otherwise write it inside the transaction
        uploads.append((field, uploaded_as, name, file.file))
    return uploads


def _undefer_uploads(obj, uploads) -> None:
    # The save failed: the instance holds its upload again, so a later save stores it rather than a bare name.
    for field, uploaded_as, _, _ in uploads:
        file = getattr(obj, field.attname)
        file.name = uploaded_as
        file._committed = False


def _file_fields(obj) -> list[models.FileField]:
    return [field for field in obj._meta.concrete_fields if isinstance(field, models.FileField)]


def _store(obj, field: models.FileField, name: str, content) -> None:
    stored = field.storage.save(name, content, max_length=field.max_length)
    if stored != name:  # the storage found the name taken (it never should: names carry a UUID)
        type(obj)._base_manager.filter(pk=obj.pk).update(**{field.attname: stored})
        getattr(obj, field.attname).name = stored


def _validate_update(obj, written: set[str]) -> None:
    """full_clean, except that field validators run only on the fields the update writes: a value saved before a
    bound existed (registry.bounds) does not block an unrelated change such as a re-judged verdict. clean(),
    uniqueness and constraints are checked in full, as before."""
    untouched = {f.name for f in obj._meta.concrete_fields if f.name not in written and f.attname not in written}
    errors: dict = {}
    for check in (lambda: obj.clean_fields(exclude=untouched), obj.clean):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    failed = set(errors) - {NON_FIELD_ERRORS}
    for check in (lambda: obj.validate_unique(exclude=failed), lambda: obj.validate_constraints(exclude=failed)):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def visible(actor, obj) -> bool:
    """Whether `actor` (None: the system) may see `obj`: scope is the model's visible_to."""
    return actor is None or type(obj).objects.visible_to(actor).filter(pk=obj.pk).exists()


def history_created(model: type[models.Model], pks: list[int], actor) -> None:
    """The change history's first row ("+", created, by `actor`) for rows a bulk insert made, which sends no
    signal: copied by the database from the rows themselves in one statement, instead of a historical object built
    in Python per row (the slowest part of a bulk registration). Used by the bulk services only."""
    if not pks:
        return
    historical = model.history.model
    columns = [f.column for f in historical._meta.concrete_fields if not f.name.startswith("history_")]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(historical._meta.db_table)} ({quoted}, history_date, "
            f"history_change_reason, history_type, history_user_id) SELECT {quoted}, %s, NULL, '+', %s "
            f"FROM {connection.ops.quote_name(model._meta.db_table)} WHERE id IN ({placeholders})",
            [timezone.now(), getattr(actor, "pk", None), *pks],
        )
