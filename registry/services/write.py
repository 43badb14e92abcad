"""The one way services save: validate, then save naming the actor in the change history (where a model keeps one)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def save(obj, actor, *, update_fields: Iterable[str] | None = None) -> None:
    """Validate and save, naming the actor in the change history (the middleware covers only web requests)."""
    if update_fields is None:
        obj.full_clean()
    else:
        update_fields = list(update_fields)
        _validate_update(obj, set(update_fields))
    obj._history_user = actor
    obj.save(update_fields=list(update_fields) if update_fields is not None else None)


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
