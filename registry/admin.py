"""Django admin for superusers: reference data and accounts editable; persons, findings and the access log read through services."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLog, City, Enterprise, Finding, Person, QualityWorkPeriod, User
from .selectors import person_find_by_resident_id
from .validators import normalize_resident_id


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "bureau_name", "order"]


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "credit_code",
        "city",
        "industry_section",
        "size",
        "declared_size",
        "size_confirmed_by_city",
    ]
    list_filter = ["city", "industry_section", "size"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["size"]


class QualityWorkPeriodInline(admin.TabularInline):
    model = QualityWorkPeriod
    extra = 0


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    """Persons are registered through registry.services (which encrypts the ID); here they are read and corrected."""

    list_display = ["name", "resident_id_masked", "gender", "education", "title_level", "enterprise"]
    list_select_related = ["enterprise"]
    list_filter = ["education", "title_level"]
    search_fields = ["name"]
    readonly_fields = ["resident_id_masked", "gender", "birth_year"]
    exclude = ["resident_id_encrypted", "resident_id_hash"]
    autocomplete_fields = ["enterprise"]
    inlines = [QualityWorkPeriodInline]

    def has_add_permission(self, request):
        return False

    def get_search_results(self, request, queryset, search_term):
        # A full ID is found through the keyed hash; the column holds no plain text to match.
        normalised = normalize_resident_id(search_term)
        if len(normalised) == 18:
            person = person_find_by_resident_id(normalised)
            return queryset.filter(pk=person.pk if person else None), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    """Findings are recorded and lifted through registry.services, which check who may; the admin only reads."""

    list_display = ["person", "item", "decided_on", "city", "lifted_on"]
    list_filter = ["item", "city"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = ["at", "actor", "action", "person", "count", "reason"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "city", "institution", "enterprise", "is_active"]
    list_filter = ["role", "city", "is_active", "is_superuser"]
    fieldsets = UserAdmin.fieldsets + (
        ("角色与所属单位", {"fields": ("role", "city", "institution", "enterprise", "phone")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("角色与所属单位", {"fields": ("role", "city", "institution", "enterprise")}),
    )
    autocomplete_fields = ["enterprise"]
