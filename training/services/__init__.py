"""Training writes, one module per entity: institutions and entrustments, cohorts, certificates (the graduate
import follows the same shape)."""

from .certificates import certificate_issue, certificate_issue_cohort, certificate_record, certificate_revoke
from .cohorts import cohort_create, cohort_update
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
from .institutions import (
    entrustment_add,
    entrustment_end,
    entrustment_end_check,
    entrustment_revoke,
    entrustment_revoke_check,
    entrustment_update,
    institution_create,
    institution_update,
)

__all__ = [
    "certificate_issue",
    "certificate_issue_cohort",
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
    "cohort_create",
    "cohort_update",
    "entrustment_add",
    "entrustment_end",
    "entrustment_end_check",
    "entrustment_revoke",
    "entrustment_revoke_check",
    "entrustment_update",
    "institution_create",
    "institution_update",
]
