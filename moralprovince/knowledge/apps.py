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
        self.register_files()

    def register_files(self) -> None:
        """Photos and documents go to whoever sees their post, case or project: anyone once
        it is published (in a public programme), only the province's people before."""
        from django.db.models import Q

        from moralprovince.core.files import FileKind, register
        from moralprovince.knowledge.access import visible_to
        from moralprovince.knowledge.models import (
            Document,
            LessonCase,
            NewsPhoto,
            NewsPost,
            ResearchProject,
        )

        register(
            FileKind(
                kind="news-photo",
                model=NewsPhoto,
                field="image",
                records=lambda actor: NewsPhoto.objects.filter(
                    post__in=visible_to(actor, NewsPost)
                ),
                # Never the caption: the news's text shows the photo by this address, which
                # must not change when the caption does.
                title=lambda photo: f"photo-{photo.pk}",
                inline=True,
            )
        )
        register(
            FileKind(
                kind="document",
                model=Document,
                field="file",
                records=lambda actor: Document.objects.filter(
                    Q(case__in=visible_to(actor, LessonCase))
                    | Q(project__in=visible_to(actor, ResearchProject))
                ),
                title=lambda document: document.title or f"document-{document.pk}",
            )
        )
