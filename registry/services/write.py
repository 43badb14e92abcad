"""The one way services save: validate, then save naming the actor in the change history (where a model keeps one)."""

from __future__ import annotations

from collections.abc import Iterable


def save(obj, actor, *, update_fields: Iterable[str] | None = None) -> None:
    """Validate and save, naming the actor in the change history (the middleware covers only web requests)."""
    obj.full_clean()
    obj._history_user = actor
    obj.save(update_fields=list(update_fields) if update_fields is not None else None)


def visible(actor, obj) -> bool:
    """Whether `actor` (None: the system) may see `obj`: scope is the model's visible_to."""
    return actor is None or type(obj).objects.visible_to(actor).filter(pk=obj.pk).exists()
