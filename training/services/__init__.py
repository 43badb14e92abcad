"""Training writes, one module per entity: institutions and entrustments, certificates (cohorts and the
graduate import follow the same shape)."""

from .certificates import (
    certificate_issue,
    certificate_issue_cohort,
    certificate_record,
    certificate_revoke,
)
from .institutions import entrustment_add, entrustment_update, institution_create, institution_update

__all__ = [
    "certificate_issue",
    "certificate_issue_cohort",
    "certificate_record",
    "certificate_revoke",
    "entrustment_add",
    "entrustment_update",
    "institution_create",
    "institution_update",
]
