from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "moralprovince.plans"
    verbose_name = _("Plans and commitments")

    def ready(self) -> None:
        from moralprovince.core.files import FileKind, register
        from moralprovince.plans.access import declarations_visible_to
        from moralprovince.plans.models import Declaration

        # A declaration's signed document goes to whoever may see the declaration.
        register(
            FileKind(
                kind="declaration",
                model=Declaration,
                field="document",
                records=declarations_visible_to,
                title=str,
            )
        )
