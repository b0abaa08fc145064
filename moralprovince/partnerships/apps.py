from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "moralprovince.partnerships"
    verbose_name = _("Meetings and partnerships")

    def ready(self) -> None:
        from moralprovince.core.actions import Link, Panel, offer, offer_panel
        from moralprovince.monitoring.reminders import EXTRA_REMINDERS
        from moralprovince.partnerships import access
        from moralprovince.partnerships.reminders import mou_reminders

        def meets(actor: object, code: str) -> bool:
            return access.can(actor, "partnerships.meetings.view", code)  # type: ignore[arg-type]

        def manages(actor: object, code: str) -> bool:
            return access.can(actor, "partnerships.mou.manage", code)  # type: ignore[arg-type]

        for link in [
            Link(80, _("Meetings"), "partnerships:meetings", meets),
            Link(81, _("Follow-up board"), "partnerships:board", meets),
            Link(82, _("Partners"), "partnerships:partners", manages),
            Link(83, _("MOUs"), "partnerships:mous", manages),
        ]:
            offer("programme", link)

        def sees_meeting_of(actor: object, post: Any) -> bool:
            meetings = access.meetings_visible_to(actor)  # type: ignore[arg-type]
            return meetings.filter(news_post=post).exists()

        offer(
            "news",
            Link(10, _("The meeting of this news"), "partnerships:news-meeting", sees_meeting_of),
        )
        offer_panel("province", Panel(10, "partnerships/_public_partners.html", public_partners))
        if mou_reminders not in EXTRA_REMINDERS:
            EXTRA_REMINDERS.append(mou_reminders)
        self.register_files()

    def register_files(self) -> None:
        """An MOU's signed document goes only to those who see the MOU: the province's admins."""
        from moralprovince.core.files import FileKind, register
        from moralprovince.partnerships.access import mous_visible_to
        from moralprovince.partnerships.models import Mou

        register(
            FileKind(
                kind="mou",
                model=Mou,
                field="document",
                records=mous_visible_to,
                title=lambda mou: mou.title or f"mou-{mou.pk}",
            )
        )


def public_partners(actor: object, code: str) -> list[object]:
    """The province's partners listed on its public page: name, kind and roles only."""
    from moralprovince.people.models import Partner

    return list(Partner.objects.filter(province_id=code, is_public=True).order_by("sort_key", "pk"))
