"""The talent pool's read table in the Django admin, read only."""

from django.contrib import admin

from .models import PoolEntry


@admin.register(PoolEntry)
class PoolEntryAdmin(admin.ModelAdmin):
    """The talent pool's read table, read only: pool_refresh writes it. The portal's own list
    (pool:list) is the one to use at scale; this changelist counts the whole table."""

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
