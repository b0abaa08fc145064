from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "moralprovince.people"
    verbose_name = _("People and partners")

    def ready(self) -> None:
        from moralprovince.core.actions import Link, Panel, offer, offer_panel
        from moralprovince.people import access
        from moralprovince.people.certificates import register_source as register_certificates
        from moralprovince.people.queries import public_trainers
        from moralprovince.people.sources import register_sources

        register_sources()
        register_certificates()

        def reads(actor: object, code: str) -> bool:
            return access.can(actor, "people.read", code)  # type: ignore[arg-type]

        offer("programme", Link(80, _("Training"), "people:courses", reads))
        offer("programme", Link(90, _("Trainers' register"), "people:trainers", reads))
        # The key activity's trainers: whoever reads its plan sees them, its writers pick.
        offer(
            "activity",
            Link(20, _("Trainers"), "people:activity-trainers", access.reads_activity),  # type: ignore[arg-type]
        )
        # The trainers who chose to be listed, on the province's public page.
        offer_panel("province", Panel(20, "people/_public_trainers.html", public_trainers))
