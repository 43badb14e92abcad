"""Django admin for superusers: reference data and accounts editable; enterprises and persons written through
registry.services, findings and the access log read only."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from cqo_portal.input import parse_id
from cqo_portal.service_admin import BoundedInline, ServiceWriteAdmin, values_of

from . import services
from .models import (
    AccessLog,
    City,
    Commendation,
    Enterprise,
    ExperienceExchange,
    Finding,
    Person,
    QualityWorkPeriod,
    User,
)
from .validators import normalize_resident_id


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's pages filter by the raw URL segment, so `/admin/registry/finding/abc/history/` was a
    ValueError (500); Django's own admin pages answer such an id with "not found", and so do these."""

    def history_view(self, request, object_id, extra_context=None):
        if parse_id(unquote(object_id)) is None:
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if parse_id(unquote(object_id)) is None or parse_id(version_id) is None:
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "bureau_name", "order"]


# What the admin may type on an enterprise: what enterprise_register and enterprise_update take. The size
# is computed by the services, and a declared size is confirmed by the city bureau in the portal.
ENTERPRISE_ADMIN_FIELDS = ["credit_code", "city", *services.ENTERPRISE_PROFILE_FIELDS]


@admin.register(Enterprise)
class EnterpriseAdmin(ServiceWriteAdmin, HistoryAdmin):
    """Added through services.enterprise_register and changed through services.enterprise_update, so the size
    is recomputed, the appointments re-judged and the talent pool refreshed as in the portal."""

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
    fieldsets = [
        (None, {"fields": ENTERPRISE_ADMIN_FIELDS}),
        ("规模（系统测算；申报规模由设区市局在平台确认）", {"fields": ["size", "size_confirmed_by_city"]}),
    ]
    readonly_fields = ["size", "size_confirmed_by_city"]

    def service_save(self, request, obj, form, change):
        values = values_of(obj, ENTERPRISE_ADMIN_FIELDS)
        if not change:
            return services.enterprise_register(actor=request.user, **values)
        # A fresh copy: the form has already written the new values onto `obj`, and the service compares.
        return services.enterprise_update(enterprise=Enterprise.objects.get(pk=obj.pk), actor=request.user, **values)


class QualityWorkPeriodInline(BoundedInline, admin.TabularInline):
    """Read only: the periods are added through services.quality_work_period_add (at registration)."""

    model = QualityWorkPeriod
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# What the admin may change on a person: exactly what services.person_update takes.
PERSON_ADMIN_FIELDS = list(services.PERSON_PROFILE_FIELDS)


@admin.register(Person)
class PersonAdmin(ServiceWriteAdmin, HistoryAdmin):
    """Persons are registered through registry.services (which encrypts the ID); here they are read and
    corrected through services.person_update, which refreshes their talent-pool row."""

    list_display = ["name", "resident_id_masked", "gender", "education", "title_level", "enterprise"]
    list_select_related = ["enterprise"]
    list_filter = ["education", "title_level"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": PERSON_ADMIN_FIELDS}),
        ("身份证信息（登记后不可修改）", {"fields": ["resident_id_masked", "gender", "birth_year"]}),
    ]
    readonly_fields = ["resident_id_masked", "gender", "birth_year"]
    autocomplete_fields = ["enterprise"]
    inlines = [QualityWorkPeriodInline]

    def has_add_permission(self, request):
        return False

    def service_save(self, request, obj, form, change):
        person = Person.objects.get(pk=obj.pk)
        return services.person_update(person=person, actor=request.user, **values_of(obj, PERSON_ADMIN_FIELDS))

    def get_search_results(self, request, queryset, search_term):
        # A full ID is found through the keyed hash; the column holds no plain text to match.
        try:
            normalised = normalize_resident_id(search_term)
        except ValidationError:
            normalised = ""  # not an ID (a name, say): the ordinary name search
        if len(normalised) == 18:
            # A typed ID look-up like any other: logged and limited per account (services.id_lookup).
            try:
                person = services.id_lookup(actor=request.user, number=normalised, purpose="管理后台检索人员")
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
                return queryset.none(), False
            return queryset.filter(pk=person.pk if person else None), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(Finding)
class FindingAdmin(HistoryAdmin):
    """Findings are recorded and lifted through registry.services, which check who may; the admin only reads."""

    list_display = ["person", "item", "decided_on", "city", "lifted_on"]
    list_filter = ["item", "city"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(HistoryAdmin):
    """Rows written in the portal through registry.services (which check who may): the admin reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExperienceExchange)
class ExperienceExchangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "held_on", "organiser", "place"]
    search_fields = ["title", "organiser"]


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["person", "year", "level", "title", "awarded_by"]
    list_filter = ["level", "year"]
    raw_id_fields = ["person"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = ["at", "actor", "action", "person_name", "person_masked_id", "count", "reason"]
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
