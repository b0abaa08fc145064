from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from moralprovince.accounts.models import ApiToken, Role, User


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    raw_id_fields = ["network", "organisation"]


@admin.register(User)
class PersonAdmin(UserAdmin):
    inlines = [RoleInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Moral Province", {"fields": ["display_name"]}))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    readonly_fields = ["token_hash"]
