"""Bad values at every page and form of news, cases, assemblies and research: never a 500,
a form error or a message, and nothing stored."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from moralprovince.core.tests.bad_input import BadInputMixin, damaged_files
from moralprovince.knowledge import urls
from moralprovince.knowledge.models import Assembly, LessonCase, NewsPost, ResearchProject
from moralprovince.knowledge.tests.base import MediaTestCase

QUERY_PARAMS = ("q", "page", "year", "kind")


class KnowledgeBadInputTests(BadInputMixin, MediaTestCase):
    def items(self) -> dict[str, Any]:
        return {
            "news": self.draft,
            "case": LessonCase.objects.filter(province=self.surat).first(),
            "assembly": Assembly.objects.filter(province=self.surat).first(),
            "research": ResearchProject.objects.filter(province=self.surat).first(),
        }

    def routes(self) -> dict[str, list[dict[str, Any]]]:
        items = self.items()
        assembly = items["assembly"]
        resolution = assembly.resolutions.first()
        code = {"code": "84"}
        routes: dict[str, list[dict[str, Any]]] = {
            "province": [code],
            "news-list": [code],
            "feed-rss": [code],
            "feed-atom": [code],
            "search": [{}],
            "manage": [code],
            "case-to-news": [{"pk": items["case"].pk}],
            "resolution-add": [{"pk": assembly.pk}],
            "adoption-add": [{"pk": assembly.pk, "resolution_id": resolution.pk}],
            "news-photo-delete": [{"pk": self.draft.pk}],
            "case-document-delete": [{"pk": items["case"].pk}],
            "research-document-delete": [{"pk": items["research"].pk}],
        }
        for kind, item in items.items():
            routes[kind] = [{"pk": item.pk}]
            routes[f"{kind}-edit"] = [{"pk": item.pk}]
            routes[f"{kind}-create"] = [code]
            routes[f"{kind}-publish"] = [{"pk": item.pk}]
            routes[f"{kind}-unpublish"] = [{"pk": item.pk}]
            routes[f"{kind}-delete"] = [{"pk": item.pk}]
            if kind != "assembly":
                routes[f"{kind}-upload"] = [{"pk": item.pk}]
        return routes

    def test_the_world_has_every_kind_and_every_url_is_in_the_catalogue(self):
        self.assertTrue(all(self.items().values()))
        self.assertTrue(self.items()["assembly"].resolutions.exists())
        names = {p.name for p in urls.urlpatterns}
        self.assertEqual(names - set(self.routes()), set())

    def test_every_form_takes_every_bad_value_without_a_500_or_a_stored_row(self):
        self.login(self.admin)
        routes = self.routes()
        tried = self.throw_at_pages("knowledge", routes)
        # Forms posted from an item's page: uploads, resolutions, adoptions, deletions.
        posted_from = [(kind, f"{kind}-upload") for kind in ("news", "case", "research")] + [
            ("assembly", "resolution-add"),
            ("assembly", "adoption-add"),
            ("news", "news-photo-delete"),
            ("case", "case-document-delete"),
            ("research", "research-document-delete"),
        ]
        for kind, action in posted_from:
            page = reverse(f"knowledge:{kind}", kwargs=routes[kind][0])
            url = reverse(f"knowledge:{action}", kwargs=routes[action][0])
            form = self.page_form(page, action=url)
            if form is None:
                # A form offered only once there is something to choose (a photo, a
                # document): its fields are posted as the catalogue names them.
                fields = {"news-photo-delete": ["photo"]}.get(action, ["document"])
                self.throw_at_fields(url, fields, {})
                continue
            self.throw_at_form(page, form, post_to=url)
            tried.add(action)
        self.assert_no_problems()
        self.assertLessEqual(
            {
                "news-edit",
                "news-create",
                "case-edit",
                "case-create",
                "assembly-edit",
                "assembly-create",
                "research-edit",
                "research-create",
                "news-upload",
                "case-upload",
                "research-upload",
                "resolution-add",
                "adoption-add",
            },
            tried,
        )

    def test_every_address_takes_bad_ids_and_query_values(self):
        self.login(self.admin)
        self.throw_at_addresses("knowledge", self.routes(), QUERY_PARAMS)
        self.client.logout()
        self.throw_at_addresses(
            "knowledge",
            {n: r for n, r in self.routes().items() if n in ("province", "news-list", "search")},
            QUERY_PARAMS,
        )
        self.assert_no_problems()

    def test_damaged_photos_and_documents_are_refused(self):
        self.login(self.admin)
        for kind, name in (("news", "photo.jpg"), ("case", "lesson.pdf"), ("research", "x.docx")):
            item = self.items()[kind]
            url = reverse(f"knowledge:{kind}-upload", args=[item.pk])
            for upload in damaged_files(name):
                self.attempt(
                    f"upload {upload.name}",
                    lambda url=url, upload=upload: self.client.post(url, {"file": upload}),
                    must_refuse=True,
                )
        self.assert_no_problems()
        self.assertFalse(NewsPost.objects.filter(photos__isnull=False, pk=self.draft.pk).exists())
