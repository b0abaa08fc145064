import datetime as dt
from dataclasses import replace

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moralprovince.accounts.access import SYSTEM, NotAllowed
from moralprovince.accounts.models import Role, RoleKind
from moralprovince.accounts.services import grant_role
from moralprovince.audit.models import AuditEntry
from moralprovince.knowledge import services
from moralprovince.knowledge.access import can, visible_to
from moralprovince.knowledge.models import (
    Adoption,
    Assembly,
    Document,
    LessonCase,
    NewsPhoto,
    NewsPost,
    ResearchProject,
    Resolution,
)
from moralprovince.knowledge.tests.base import KnowledgeTestCase, MediaTestCase, docx
from moralprovince.testing import make_user

HIDDEN = "ข่าวเชียงรายสานพลังบวรเพื่อคุณธรรม"
# What a reader outside gets of an item on every path: nothing.
REFUSED = {"detail": 404, "list": 404, "page": 404, "feed": 404, "search": False, "api": False}


class PrivateProgrammeTests(KnowledgeTestCase):
    """Chiang Rai's programme is private: its published items stay inside the province."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        province = cls.chiangrai
        cls.hidden = cls.published(
            NewsPost(province=province),
            services.NewsInput(title=HIDDEN, body="<p>กิจกรรมบ้านวัดโรงเรียนเชียงราย</p>"),
        )
        cls.others = [
            cls.published(
                LessonCase(province=province),
                services.CaseInput(
                    organisation=cls.other_org,
                    title="ถอดบทเรียนเชียงราย",
                    context="บริบท",
                    what_was_done="สิ่งที่ทำ",
                ),
            ),
            cls.published(
                Assembly(province=province),
                services.AssemblyInput(title="สมัชชาเชียงราย", held_on=dt.date(2021, 3, 1)),
            ),
            cls.published(
                ResearchProject(province=province),
                services.ResearchInput(title="วิจัยเชียงราย", lead=cls.other_org),
            ),
        ]

    @classmethod
    def published(cls, item, data):
        services.create_item(actor=cls.outsider, item=item, data=data)
        return services.publish_item(actor=cls.outsider, item=item)

    def paths(self, post, query="เชียงราย สานพลัง"):
        """What a reader gets of a post: its page, the lists, the feed and both searches."""
        code, url = post.province_id, reverse("knowledge:news", args=[post.pk])
        search = self.client.get(reverse("knowledge:search"), {"q": query})
        api = self.client.get("/api/v1/search/", {"q": query}).json()
        return {
            "detail": self.client.get(url).status_code,
            "list": self.client.get(reverse("knowledge:news-list", args=[code])).status_code,
            "page": self.client.get(reverse("knowledge:province", args=[code])).status_code,
            "feed": self.client.get(reverse("knowledge:feed-rss", args=[code])).status_code,
            "search": f'href="{url}"' in search.content.decode(),
            "api": post.title in [r["title"] for r in api["results"]],
        }

    def test_visitors_and_other_provinces_get_nothing_of_a_private_programme(self):
        self.assertEqual(self.paths(self.hidden), REFUSED)
        self.login(self.admin)
        self.assertEqual(self.paths(self.hidden), REFUSED)

    def test_the_provinces_own_people_still_see_it(self):
        self.login(self.outsider)
        seen = {"detail": 200, "list": 200, "page": 200, "feed": 404, "search": True, "api": True}
        self.assertEqual(self.paths(self.hidden), seen)

    def test_a_public_programmes_published_items_are_seen_by_anyone(self):
        seen = {"detail": 200, "list": 200, "page": 200, "feed": 200, "search": True, "api": True}
        self.assertEqual(self.paths(self.article, "ต้นทุนชีวิต"), seen)
        self.login(self.outsider)
        self.assertEqual(self.paths(self.article, "ต้นทุนชีวิต"), seen)

    def test_no_kind_of_item_of_a_private_programme_is_visible_outside(self):
        for item in [self.hidden, *self.others]:
            model = type(item)
            with self.subTest(model=model.__name__):
                for outside in [AnonymousUser(), self.admin, self.coordinator]:
                    self.assertFalse(visible_to(outside, model).filter(pk=item.pk).exists())
                for inside in [self.outsider, self.national, SYSTEM]:
                    self.assertTrue(visible_to(inside, model).filter(pk=item.pk).exists())

    def test_a_programme_made_private_takes_its_items_out_of_every_path(self):
        self.programme.is_public = False
        self.programme.save()
        self.assertEqual(self.paths(self.article, "ต้นทุนชีวิต"), REFUSED)
        self.login(self.admin)
        self.assertEqual(self.paths(self.article, "ต้นทุนชีวิต")["search"], True)


class RuleTests(KnowledgeTestCase):
    def test_writers_are_the_provinces_admins_evaluators_and_network_coordinators(self):
        elsewhere = make_user(
            "coordinator57",
            RoleKind.NETWORK_COORDINATOR,
            province=self.chiangrai,
            network=self.other_network,
        )
        expected = {
            "national": True,
            "admin": True,
            "evaluator": True,
            "coordinator": True,
            "reporter": False,
            "viewer": False,
            "outsider": False,
            "coordinator57": False,
        }
        for name, allowed in expected.items():
            with self.subTest(name=name):
                user = elsewhere if name == "coordinator57" else getattr(self, name)
                self.assertEqual(can(user, "knowledge.write", self.article), allowed)
                self.assertEqual(can(user, "knowledge.write", self.programme), allowed)
        self.assertTrue(can(elsewhere, "knowledge.write", self.other_programme))
        self.assertFalse(can(AnonymousUser(), "knowledge.write", self.programme))

    def test_only_admins_publish_and_delete(self):
        for user, allowed in [
            (self.admin, True),
            (self.national, True),
            (self.evaluator, False),
            (self.coordinator, False),
            (self.outsider, False),
        ]:
            with self.subTest(user=user.username):
                self.assertEqual(can(user, "knowledge.publish", self.draft), allowed)
                self.assertEqual(can(user, "knowledge.delete", self.draft), allowed)

    def test_writing_neither_publishes_nor_moves_an_item(self):
        data = services.NewsInput(title="ข่าวผู้ประสาน", body="<p>ข่าว</p>")
        post = NewsPost(province=self.surat, status="published")
        services.create_item(actor=self.coordinator, item=post, data=data)
        post.refresh_from_db()
        self.assertEqual(post.status, "draft")
        self.article.province = self.chiangrai
        with self.assertRaises(NotAllowed):
            services.update_item(actor=self.outsider, item=self.article, data=data)

    def test_the_template_tag_asks_the_same_rule(self):
        url = reverse("organisations:programme", args=["84"])
        manage = reverse("knowledge:manage", args=["84"])
        self.login(self.coordinator)
        self.assertContains(self.client.get(url), manage)
        self.login(self.reporter)
        self.assertNotContains(self.client.get(url), manage)


class NoActorTests(MediaTestCase):
    """Without an actor no write happens: None is no one, not the system."""

    def test_no_service_writes_for_none_or_a_visitor(self):
        case = LessonCase.objects.first()
        resolution = Resolution.objects.get()
        writes = {
            "create": lambda actor: services.create_item(
                actor=actor,
                item=NewsPost(province=self.surat),
                data=services.NewsInput(title="ข่าว", body="<p>ข่าว</p>"),
            ),
            "update": lambda actor: services.update_item(
                actor=actor,
                item=self.draft,
                data=services.NewsInput(title="แก้", body="<p>แก้</p>"),
            ),
            "publish": lambda actor: services.publish_item(actor=actor, item=self.draft),
            "unpublish": lambda actor: services.unpublish_item(actor=actor, item=self.article),
            "delete": lambda actor: services.delete_item(actor=actor, item=self.article),
            "resolution": lambda actor: services.record_resolution(
                actor=actor,
                assembly=resolution.assembly,
                data=services.ResolutionInput(number=1, text="แก้"),
            ),
            "adopt": lambda actor: services.adopt_resolution(
                actor=actor,
                resolution=resolution,
                organisation=self.temple,
                data=services.AdoptionInput(commitment="รับไป"),
            ),
            "photo": lambda actor: services.create_photo(
                actor=actor, post=self.article, upload=SimpleUploadedFile("a.jpg", b"x")
            ),
            "document": lambda actor: services.create_document(
                actor=actor, item=case, upload=docx("เอกสาร")
            ),
            "news from case": lambda actor: services.create_news_from_case(actor=actor, case=case),
        }
        counts = [m.objects.count() for m in (NewsPost, Resolution, Adoption, NewsPhoto, Document)]
        entries = AuditEntry.objects.count()
        for name, write in writes.items():
            for actor in [None, AnonymousUser()]:
                with self.subTest(write=name, actor=actor), self.assertRaises(NotAllowed):
                    write(actor)
        self.assertEqual(
            [m.objects.count() for m in (NewsPost, Resolution, Adoption, NewsPhoto, Document)],
            counts,
        )
        self.assertEqual(AuditEntry.objects.count(), entries)
        self.draft.refresh_from_db()
        self.article.refresh_from_db()
        self.assertEqual((self.draft.status, self.article.status), ("draft", "published"))

    def test_the_system_writes_and_is_named_in_the_log(self):
        post = services.create_item(
            actor=SYSTEM,
            item=NewsPost(province=self.surat),
            data=services.NewsInput(title="ข่าวจากระบบ", body="<p>ข่าว</p>"),
        )
        entry = AuditEntry.objects.get(object_type="knowledge.newspost", object_id=str(post.pk))
        self.assertEqual((entry.actor, entry.actor_name), (None, "system"))
        self.assertIsNone(post.created_by)


class FormChoiceTests(KnowledgeTestCase):
    def test_a_case_offers_only_the_resolutions_of_its_province(self):
        assembly = services.create_item(
            actor=self.outsider,
            item=Assembly(province=self.chiangrai),
            data=services.AssemblyInput(title="สมัชชาเชียงราย", held_on=dt.date(2021, 3, 1)),
        )
        services.record_resolution(
            actor=self.outsider,
            assembly=assembly,
            data=services.ResolutionInput(number=1, text="มติลับของเชียงราย"),
        )
        self.login(self.admin)
        page = self.client.get(reverse("knowledge:case-create", args=["84"]))
        self.assertContains(page, "ทุกองค์กรกำหนดคุณธรรมเป้าหมาย")
        self.assertNotContains(page, "มติลับของเชียงราย")

    def test_the_service_refuses_a_resolution_of_another_province(self):
        other = Assembly(province=self.chiangrai)
        services.create_item(
            actor=self.outsider,
            item=other,
            data=services.AssemblyInput(title="สมัชชาเชียงราย", held_on=dt.date(2021, 3, 1)),
        )
        resolution = services.record_resolution(
            actor=self.outsider, assembly=other, data=services.ResolutionInput(number=1, text="มติ")
        )
        data = services.CaseInput(
            organisation=self.school,
            title="กรณี",
            context="บริบท",
            what_was_done="ทำ",
            resolution=resolution,
        )
        with self.assertRaises(ValidationError) as refused:
            services.create_item(actor=self.admin, item=LessonCase(province=self.surat), data=data)
        self.assertIn("resolution", refused.exception.message_dict)
        with self.assertRaises(ValidationError) as refused:
            services.create_item(
                actor=self.admin,
                item=LessonCase(province=self.surat),
                data=replace(data, organisation=self.other_org, resolution=None),
            )
        self.assertIn("organisation", refused.exception.message_dict)


class CrossProvinceRightTests(KnowledgeTestCase):
    """A right in one province never comes from a role in another."""

    def assert_cannot_write_surat(self, user) -> None:
        self.assertFalse(can(user, "knowledge.write", self.article))
        self.assertFalse(can(user, "knowledge.write", self.programme))
        self.login(user)
        edit = reverse("knowledge:news-edit", args=[self.article.pk])
        self.assertEqual(self.client.get(edit).status_code, 404)
        response = self.client.post(edit, {"title": "แก้โดยคนนอก", "body": "<p>แก้</p>"})
        self.assertEqual(response.status_code, 404)
        self.article.refresh_from_db()
        self.assertNotEqual(self.article.title, "แก้โดยคนนอก")
        data = services.NewsInput(title="แก้โดยคนนอก", body="<p>แก้</p>")
        with self.assertRaises(NotAllowed):
            services.update_item(actor=user, item=self.article, data=data)

    def test_a_reporter_who_coordinates_a_network_elsewhere_cannot_write_here(self):
        grant_role(
            actor=SYSTEM,
            user=self.reporter,
            kind=RoleKind.NETWORK_COORDINATOR,
            network=self.other_network,
        )
        self.assert_cannot_write_surat(self.reporter)
        self.assertTrue(can(self.reporter, "knowledge.write", self.other_programme))

    def test_a_coordinator_role_whose_province_column_disagrees_with_its_network_gives_nothing(
        self,
    ):
        # The role row names Surat Thani, but the network it coordinates is Chiang Rai's:
        # the right comes from the network, so it is a right in Chiang Rai only.
        Role.objects.create(
            user=self.reporter,
            kind=RoleKind.NETWORK_COORDINATOR,
            province=self.surat,
            network=self.other_network,
        )
        self.assert_cannot_write_surat(self.reporter)

    def test_admin_and_evaluator_roles_elsewhere_give_no_right_here(self):
        for kind in [RoleKind.PROVINCE_ADMIN, RoleKind.EVALUATOR]:
            user = make_user(f"{kind}-57", kind, province=self.chiangrai)
            Role.objects.create(
                user=user,
                kind=RoleKind.ORGANISATION_REPORTER,
                province=self.surat,
                organisation=self.school,
            )
            with self.subTest(kind=kind):
                self.assert_cannot_write_surat(user)
                self.assertFalse(can(user, "knowledge.publish", self.article))
                self.assertFalse(can(user, "knowledge.delete", self.article))
