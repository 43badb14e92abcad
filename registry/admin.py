"""Django admin for superusers: reference data and accounts editable; enterprises and persons written through
registry.services, findings and the access log read only."""

from contextlib import contextmanager

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import AccessLog, City, Enterprise, Finding, Person, PoolEntry, QualityWorkPeriod, User
from .selectors import person_find_by_resident_id
from .validators import normalize_resident_id

# ---------------------------------------------------------------------------
# Admin pages whose writes a service does, so its rules, recomputations and signals apply here too
# ---------------------------------------------------------------------------


class _Refused(Exception):
    """A service refused an admin write; carries its ValidationError or PermissionDenied to the form."""

    def __init__(self, error: ValidationError | PermissionDenied):
        super().__init__(str(error))
        self.error = error


@contextmanager
def refusals_shown_on_form():
    """Turn a service's refusal into _Refused, which ServiceWriteAdmin shows on the form instead of a 500."""
    try:
        yield
    except (ValidationError, PermissionDenied) as error:
        raise _Refused(error) from error


class ServiceAdminForm(forms.ModelForm):
    """An admin form that also shows the refusal a service gave the same submission a moment ago."""

    service_refusal: ValidationError | PermissionDenied | None = None

    def _post_clean(self):
        super()._post_clean()
        refusal = self.service_refusal
        if refusal is None:
            return
        if isinstance(refusal, PermissionDenied):
            self.add_error(None, str(refusal) or "您无权进行该操作。")
        elif hasattr(refusal, "error_dict"):
            for field, errors in refusal.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, refusal.messages)


class ServiceWriteAdmin:
    """Mixin for a ModelAdmin whose save_model (and save_formset) call services instead of saving.

    Subclasses implement service_save(request, obj, form, change) returning the saved instance, with
    `obj` holding the validated form values. A ValidationError or PermissionDenied from the service
    rolls the request's transaction back and the form is shown again carrying the service's message.
    Nothing here deletes: no service does, so subclasses refuse deletion.
    """

    form = ServiceAdminForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is not None:
            form = type(form.__name__, (form,), {"service_refusal": refusal})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._showing_refusals(super().changeform_view, request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history's "revert" saves through save_model as well, outside any transaction of its own.
        return self._showing_refusals(super().history_form_view, request, object_id, version_id, extra_context)

    @staticmethod
    def _showing_refusals(view, request, *args):
        try:
            return view(request, *args)
        except _Refused as refused:
            # The service wrote nothing; render the same submission again, now invalid with its message.
            request._service_refusal = refused.error
            return view(request, *args)

    def save_model(self, request, obj, form, change):
        with refusals_shown_on_form():
            saved = self.service_save(request, obj, form, change)
        # The admin goes on with `obj` (messages, log entry, redirect): make it the saved row.
        obj.__dict__.update(saved.__dict__)

    def service_save(self, request, obj, form, change):
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        return False


def values_of(obj, fields) -> dict:
    """The validated form values a service takes, read from the instance the form filled in."""
    return {name: getattr(obj, name) for name in fields}


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "bureau_name", "order"]


# What the admin may type on an enterprise: what enterprise_register and enterprise_update take. The size
# is computed by the services, and a declared size is confirmed by the city bureau in the portal.
ENTERPRISE_ADMIN_FIELDS = [
    "credit_code",
    "name",
    "city",
    "address",
    "legal_representative",
    "industry_section",
    "industry_division",
    "employees",
    "revenue",
    "total_assets",
    "declared_size",
    "cqo_post_established",
    "cqo_empowered",
]


@admin.register(Enterprise)
class EnterpriseAdmin(ServiceWriteAdmin, SimpleHistoryAdmin):
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


class QualityWorkPeriodInline(admin.TabularInline):
    """Read only: the periods are added through services.quality_work_period_add (at registration)."""

    model = QualityWorkPeriod
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# What the admin may change on a person: what services.person_update takes. The resident ID (and the gender
# and birth year read from it) is never changed: a wrong ID is a different person.
PERSON_ADMIN_FIELDS = [
    "name",
    "phone",
    "email",
    "education",
    "title_level",
    "title_series",
    "enterprise",
    "position",
    "declared_ethics",
    "declared_laws",
    "declared_conduct",
    "declared_on",
]


@admin.register(Person)
class PersonAdmin(ServiceWriteAdmin, SimpleHistoryAdmin):
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


@admin.register(PoolEntry)
class PoolEntryAdmin(admin.ModelAdmin):
    """The talent pool's read table, read only: pool_refresh writes it. The portal's own list
    (registry:pool-list) is the one to use at scale; this changelist counts the whole table."""

    list_display = [
        "name",
        "resident_id_masked",
        "city",
        "enterprise_name",
        "credit_code",
        "education",
        "title_level",
        "eligibility",
        "certificate_year",
    ]
    list_filter = ["city", "industry_section", "enterprise_size", "education", "title_level", "eligibility"]
    search_fields = ["name", "enterprise_name", "credit_code"]
    list_select_related = ["city"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
