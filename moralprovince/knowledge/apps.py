from types import SimpleNamespace

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "moralprovince.knowledge"
    verbose_name = _("Knowledge and news")

    def ready(self) -> None:
        from moralprovince.core.actions import Link, offer
        from moralprovince.knowledge import access

        def writes(actor: object, code: str) -> bool:
            province = SimpleNamespace(province_id=code)
            return access.can(actor, "knowledge.write", province)  # type: ignore[arg-type]

        offer("programme", Link(50, _("Public page"), "knowledge:province", lambda _a, _c: True))
        offer("programme", Link(60, _("Knowledge and news"), "knowledge:manage", writes))
