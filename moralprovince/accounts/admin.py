from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from moralprovince.accounts.models import ApiToken, Role, User
from moralprovince.core.admin import ReadOnlyAdmin, ReadOnlyAdminMixin, ReadOnlyInline


class RoleInline(ReadOnlyInline):
    """Roles are given on the province's People page, through `grant_role`."""

    model = Role


@admin.register(User)
class PersonAdmin(ReadOnlyAdminMixin, UserAdmin):  # type: ignore[type-arg]
    inlines = [RoleInline]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Moral Province", {"fields": ["display_name"]}))


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["user", "name", "created_at", "last_used_at"]
    exclude = ["token_hash"]
