"""Uploaded files and their rows: letters (appointments) and evidence (findings) on disk with no row, rows whose
file is missing, for operators (`manage.py orphaned_files`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage

from ..models import Appointment, Finding

# (model, file field, the top folder its upload_to names): every upload the registry keeps.
UPLOADS = ((Appointment, "letter", "appointments"), (Finding, "evidence", "findings"))


def _uploads():
    """The registry's uploads and those settings.OTHER_STORED_UPLOADS names (filings' attachments)."""
    others = getattr(settings, "OTHER_STORED_UPLOADS", [])
    return UPLOADS + tuple((apps.get_model(label), field, folder) for label, field, folder in others)


@dataclass
class StoredFiles:
    without_row: list[str]  # files in the upload folders that no row (nor any row's history) names
    missing: list[str]  # names on rows with no file in storage (for an instant after a commit, a file being stored)


def _walk(storage, folder: str):
    folders, files = storage.listdir(folder) if storage.exists(folder) else ([], [])
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def stored_files_check(storage=default_storage) -> StoredFiles:
    """Compare the upload folders with the rows. Files are listed before rows are read: a file is stored only
    after its row commits, so a file listed here always has its row visible to the read that follows."""
    uploads = _uploads()
    on_disk = {name for _, _, folder in uploads for name in _walk(storage, folder)}
    named = set()
    for model, field, _ in uploads:
        named |= set(model._base_manager.exclude(**{field: ""}).values_list(field, flat=True))
    # A letter replaced by a corrected one is named only by the change history, which the bureau still opens: not
    # an orphan. History rows are not checked for missing files: a deleted draft's letters go with the draft.
    in_history = set()
    for model, field, _ in uploads:
        history = getattr(model, "history", None)
        if history is not None:
            in_history |= set(history.model._base_manager.exclude(**{field: ""}).values_list(field, flat=True))
    missing = sorted(name for name in named if name not in on_disk and not storage.exists(name))
    return StoredFiles(without_row=sorted(on_disk - named - in_history), missing=missing)


def stored_files_delete_orphans(storage=default_storage) -> list[str]:
    """Delete the files that no row names (left by refused writes before files waited for the commit)."""
    orphans = stored_files_check(storage).without_row
    for name in orphans:
        storage.delete(name)
    return orphans
