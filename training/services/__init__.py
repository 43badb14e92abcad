"""Training writes, one module per entity: institutions and entrustments, certificates (cohorts and the
graduate import follow the same shape)."""

from .certificates import certificate_record, certificate_revoke
from .graduates import (
    GRADUATE_COLUMNS,
    ImportResult,
    graduate_import_apply,
    graduate_import_confirm,
    graduate_import_discard,
    graduate_import_preview,
    graduate_import_progress,
    graduate_import_upload,
    graduate_import_validate,
    import_graduates,
)
from .institutions import entrustment_add, entrustment_update, institution_create, institution_update

__all__ = [
    "GRADUATE_COLUMNS",
    "ImportResult",
    "graduate_import_apply",
    "graduate_import_confirm",
    "graduate_import_discard",
    "graduate_import_preview",
    "graduate_import_progress",
    "graduate_import_upload",
    "graduate_import_validate",
    "import_graduates",
    "certificate_record",
    "certificate_revoke",
    "entrustment_add",
    "entrustment_update",
    "institution_create",
    "institution_update",
]
