from django.contrib import admin

from .models import Certificate, Entrustment, Institution


class EntrustmentInline(admin.TabularInline):
    model = Entrustment
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "contact_name"]
    search_fields = ["name", "credit_code"]
    inlines = [EntrustmentInline]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "person", "institution", "issued_on", "revoked"]
    list_filter = ["revoked", "institution"]
    search_fields = ["number", "person__name"]
    raw_id_fields = ["person"]
    list_select_related = ["person", "institution"]
