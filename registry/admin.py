from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import City, Enterprise, User


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "bureau_name", "order"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "city"]
    list_filter = ["city"]
    search_fields = ["name", "credit_code"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "city", "institution", "enterprise", "is_active"]
    list_filter = ["role", "city", "is_active", "is_superuser"]
    fieldsets = UserAdmin.fieldsets + (("角色与所属单位", {"fields": ("role", "city", "institution", "enterprise", "phone")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("角色与所属单位", {"fields": ("role", "city", "institution", "enterprise")}),)
    autocomplete_fields = ["enterprise"]
