"""The Django admin as a read-only back office for national staff only.

Django's admin lets in any active staff account; this site also asks the portal's rule
table, so a staff flag given by mistake to a province's person opens nothing.
"""

from django.contrib import admin
from django.http import HttpRequest


class BackOffice(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        from moralprovince.portal import access  # models are ready only once the site is used

        return super().has_permission(request) and access.can(request.user, "portal.back_office")
