"""Training writes, one module per entity: institutions and entrustments, cohorts, certificates (the graduate
import follows the same shape)."""

from .certificates import certificate_record, certificate_revoke
from .cohorts import cohort_create, cohort_update
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
