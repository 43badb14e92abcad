"""Django admin for filings: schedules changed through filings.services (re-dating what is not yet due), filings
and the reminder ledger read-only (they are made by the sweep and written by the filing pages)."""

from django.contrib import admin

from cqo_portal.history import ChangeHistoryAdmin
from cqo_portal.service_admin import ServiceWriteAdmin, values_of

from . import services
from .models import Filing, FilingSchedule, Reminder

SCHEDULE_FIELDS = ["frequency", "due_days", "reminder_days", "tell_province_from_day", "starts_on"]


@admin.register(FilingSchedule)
class FilingScheduleAdmin(ChangeHistoryAdmin, ServiceWriteAdmin, admin.ModelAdmin):
    list_display = ["kind", "frequency", "due_days", "reminder_days", "tell_province_from_day", "starts_on"]
    fields = SCHEDULE_FIELDS

    def has_add_permission(self, request):
        return False  # one per kind, made by migration 0002

    def has_delete_permission(self, request, obj=None):
        return False

    def service_save(self, request, obj, form, change):
        return services.filing_schedule_update(
            schedule=FilingSchedule.objects.get(pk=obj.pk), actor=request.user, **values_of(obj, SCHEDULE_FIELDS)
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ["kind", "filer_name", "period_label", "due_date", "status", "days_late", "version_count"]
    list_filter = ["kind", "status"]
    search_fields = ["period_label", "city__name", "institution__name"]
    list_select_related = ["city", "institution"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["filing", "stage", "due_on", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "stage"]
    list_select_related = ["filing__city", "filing__institution"]
