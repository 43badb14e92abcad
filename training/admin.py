from django.contrib import admin

from .models import Institution


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "contact_name"]
    search_fields = ["name", "credit_code"]
