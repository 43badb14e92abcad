"""Django admin for training: institutions, entrustments and certificates, every write through training.services."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from cqo_portal.history import ChangeHistoryAdmin, history_changes_of, history_table
from cqo_portal.service_admin import BoundedInline, ServiceWriteAdmin, refusals_shown_on_form, values_of

from . import services
from .models import Certificate, Entrustment, Institution

INSTITUTION_ADMIN_FIELDS = ["name", "credit_code", "contact_name", "contact_phone", "address"]
ENTRUSTMENT_ADMIN_FIELDS = ["from_date", "until", "revoked", "revoked_on", "revoked_reason"]
REVOCATION_FIELDS = ("revoked", "revoked_on", "revoked_reason")


class EntrustmentInline(BoundedInline, admin.TabularInline):
    """Added and changed through services.entrustment_add / entrustment_update, revoked (with its date and reason)
    through services.entrustment_revoke (see InstitutionAdmin.save_formset), so the holders of the institution's
    certificates are re-judged at once. Periods are ended or revoked, not deleted; a revocation is final."""

    model = Entrustment
    fields = ENTRUSTMENT_ADMIN_FIELDS
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Institution)
class InstitutionAdmin(ChangeHistoryAdmin, ServiceWriteAdmin, admin.ModelAdmin):
    list_display = ["name", "credit_code", "contact_name"]
    search_fields = ["name", "credit_code"]
    fields = INSTITUTION_ADMIN_FIELDS
    inlines = [EntrustmentInline]

    def history_fields(self, obj) -> list[str]:
        return [*super().history_fields(obj), *([] if obj is None else ["entrustment_history"])]

    @admin.display(description="培训委托变更记录")
    def entrustment_history(self, obj):
        # Entrustments have no page of their own: their periods' changes are read here, each named by its dates.
        return history_table(
            history_changes_of(
                Entrustment.history.filter(institution_id=obj.pk),
                model=Entrustment,
                subject=lambda row: (
                    f"委托期 {row.from_date:%Y-%m-%d}—{f'{row.until:%Y-%m-%d}' if row.until else '长期'}"
                ),
            ),
            testid="admin-entrustment-history",
        )

    def service_save(self, request, obj, form, change):
        values = values_of(obj, INSTITUTION_ADMIN_FIELDS)
        if not change:
            return services.institution_create(actor=request.user, **values)
        return services.institution_update(institution=Institution.objects.get(pk=obj.pk), actor=request.user, **values)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Entrustment:
            return super().save_formset(request, form, formset, change)
        # What formset.save() would record, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        with refusals_shown_on_form():
            for entrustment_form in formset.forms:
                if not entrustment_form.has_changed():
                    continue
                values = values_of(entrustment_form.instance, ENTRUSTMENT_ADMIN_FIELDS)
                revocation = {name: values.pop(name) for name in REVOCATION_FIELDS}
                if entrustment_form.instance.pk is None:
                    entrustment = services.entrustment_add(institution=form.instance, actor=request.user, **values)
                    formset.new_objects.append(entrustment)
                    was_revoked = False
                else:
                    was_revoked = Entrustment.objects.get(pk=entrustment_form.instance.pk).revoked
                    if was_revoked and not revocation["revoked"]:
                        raise ValidationError("培训委托的撤销不能取消；如需重新委托，请新增委托期。")
                    entrustment = services.entrustment_update(
                        entrustment=entrustment_form.instance, actor=request.user, **values
                    )
                    formset.changed_objects.append((entrustment, entrustment_form.changed_data))
                if revocation["revoked"] and not was_revoked:
                    services.entrustment_revoke(
                        entrustment=entrustment,
                        revoked_on=revocation["revoked_on"],
                        reason=revocation["revoked_reason"],
                        actor=request.user,
                    )


# A certificate's own facts are fixed once recorded; what changes later is its revocation.
CERTIFICATE_ADMIN_FIELDS = ["number", "person", "institution", "issued_on"]
REVOCATION_ADMIN_FIELDS = ["revoked", "revoked_on", "revoked_reason"]
# Set when the portal issues a certificate (services.certificate_issue_cohort), never typed in.
ISSUED_ADMIN_FIELDS = ["cohort", "graduate", "issued_by"]


@admin.register(Certificate)
class CertificateAdmin(ChangeHistoryAdmin, ServiceWriteAdmin, admin.ModelAdmin):
    """Recorded through services.certificate_record (only for a date the institution was entrusted) and revoked
    through services.certificate_revoke, so the holder's talent-pool row follows at once."""

    list_display = ["number", "person", "institution", "issued_on", "revoked"]
    list_filter = ["revoked", "institution"]
    list_display_links = ["number"]
    search_fields = ["number", "person__name"]
    raw_id_fields = ["person"]
    list_select_related = ["person", "institution"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return CERTIFICATE_ADMIN_FIELDS
        return [*CERTIFICATE_ADMIN_FIELDS, *ISSUED_ADMIN_FIELDS, *REVOCATION_ADMIN_FIELDS, *self.history_fields(obj)]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        history = self.history_fields(obj)
        if obj.revoked:  # a revocation is final
            return [*CERTIFICATE_ADMIN_FIELDS, *ISSUED_ADMIN_FIELDS, *REVOCATION_ADMIN_FIELDS, *history]
        return [*CERTIFICATE_ADMIN_FIELDS, *ISSUED_ADMIN_FIELDS, *history]

    def service_save(self, request, obj, form, change):
        if not change:
            return services.certificate_record(actor=request.user, **values_of(obj, CERTIFICATE_ADMIN_FIELDS))
        if "revoked" in form.changed_data and obj.revoked:
            return services.certificate_revoke(
                certificate=obj, actor=request.user, revoked_on=obj.revoked_on, reason=obj.revoked_reason
            )
        return Certificate.objects.get(pk=obj.pk)
