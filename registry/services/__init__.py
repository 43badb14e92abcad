"""Registry writes that matter, one module per entity; every service is importable from `registry.services`."""

from .access_log import export_log_masked_ids, file_lookup_log, id_lookup, id_lookup_refusal
from .accounts import (
    account_create,
    account_send_password_link,
    account_set_active,
    account_update,
    application_approve,
    application_limit_reached,
    application_reject,
    application_submit,
)
from .appointment_edits import (
    appointment_corrections,
    appointment_delete,
    appointment_edit,
    person_correct,
)
from .appointment_start import appointments_take_effect
from .appointments import (
    appointment_acknowledge,
    appointment_dismiss,
    appointment_draft,
    appointment_draft_submit,
    appointment_preview,
    appointment_register,
    appointment_return,
    appointment_submit,
)
from .enterprises import (
    ENTERPRISE_PROFILE_FIELDS,
    enterprise_confirm_size,
    enterprise_register,
    enterprise_update,
    enterprises_bulk_register_pending,
)
from .findings import finding_already_lifted, finding_lift, finding_lift_check, finding_record
from .notices import notice_mark_read
from .persons import (
    PERSON_PROFILE_FIELDS,
    person_duplicate_error,
    person_find_to_attach,
    person_register,
    person_reveal_id,
    person_update,
    persons_bulk_register,
    quality_work_period_add,
    quality_work_period_remove,
    quality_work_period_update,
)
from .reevaluation import appointment_reevaluate_enterprise, appointment_reevaluate_person

__all__ = [
    "file_lookup_log",
    "account_create",
    "account_send_password_link",
    "account_set_active",
    "account_update",
    "application_approve",
    "application_limit_reached",
    "application_reject",
    "application_submit",
    "ENTERPRISE_PROFILE_FIELDS",
    "PERSON_PROFILE_FIELDS",
    "appointment_acknowledge",
    "appointment_corrections",
    "appointment_delete",
    "appointment_edit",
    "appointment_dismiss",
    "appointment_draft",
    "appointment_draft_submit",
    "appointment_preview",
    "appointment_reevaluate_enterprise",
    "appointment_reevaluate_person",
    "appointment_register",
    "appointment_return",
    "appointment_submit",
    "appointments_take_effect",
    "enterprise_confirm_size",
    "enterprise_register",
    "enterprise_update",
    "enterprises_bulk_register_pending",
    "export_log_masked_ids",
    "finding_already_lifted",
    "id_lookup",
    "id_lookup_refusal",
    "finding_lift",
    "finding_lift_check",
    "finding_record",
    "notice_mark_read",
    "person_correct",
    "person_duplicate_error",
    "person_find_to_attach",
    "person_register",
    "person_reveal_id",
    "persons_bulk_register",
    "person_update",
    "quality_work_period_add",
    "quality_work_period_remove",
    "quality_work_period_update",
]
