from django.urls import reverse

from moralprovince.audit.models import AuditEntry
from moralprovince.geo.models import District
from moralprovince.people import queries, services
from moralprovince.people.models import ActivityTrainer, Trainer
from moralprovince.people.services import PersonInput, TrainerInput
from moralprovince.people.tests.base import TrainingTestCase
from moralprovince.plans.models import Activity, Plan


class TrainerRegisterTests(TrainingTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.honest = services.add_trainer(
            actor=cls.admin,
            province=cls.surat,
            data=PersonInput(name_th="นางสาวสุนีย์ ซื่อตรง", organisation_name="วัดพระบรมธาตุไชยา"),
            trainer_data=TrainerInput(
                topics="การส่งเสริมความซื่อสัตย์สุจริตในองค์กร",
                districts=list(District.objects.filter(pk="8406")),
                is_public=True,
            ),
        )
        cls.volunteer = services.add_trainer(
            actor=cls.admin,
            province=cls.surat,
            data=PersonInput(name_th="นายอาสา ช่วยเหลือ", phone="0899999999"),
            trainer_data=TrainerInput(
                topics="จิตอาสาพัฒนาชุมชน", districts=list(District.objects.filter(pk="8413"))
            ),
        )
        plan = Plan.objects.create(
            province=cls.surat, network=cls.religion, fiscal_year=2564, title="แผนเครือข่ายศาสนา"
        )
        goal = plan.goals.create(number=1, text="บวร")
        cls.activity = Activity.objects.create(
            plan=plan,
            goal=goal,
            province=cls.surat,
            number=1,
            title="อบรมวิทยากรคุณธรรมประจำตำบล",
            start="2021-02-01",
            end="2021-02-02",
            responsible=cls.temple,
        )

    def search(self, **words: str) -> list[str]:
        rows = queries.filter_trainers(Trainer.objects.filter(province_id="84"), **words)
        return [t.person.name_th for t in rows]

    def test_a_thai_topic_word_finds_the_trainer_inside_a_longer_compound(self):
        self.assertEqual(self.search(q="สุจริต"), ["นางสาวสุนีย์ ซื่อตรง"])
        self.assertEqual(self.search(q="ซื่อสัตย์ สุจริต"), ["นางสาวสุนีย์ ซื่อตรง"])
        self.assertEqual(self.search(topic="จิตอาสา"), ["นายอาสา ช่วยเหลือ"])
        self.assertEqual(self.search(q="ไชยา"), ["นางสาวสุนีย์ ซื่อตรง"])
        self.assertEqual(self.search(q="ทุจริตคอร์รัปชัน"), [])

    def test_staff_search_the_register_by_name_topic_and_district_on_the_page(self):
        self.login(self.coordinator)
        url = reverse("people:trainers", args=["84"])
        response = self.client.get(url, {"q": "สุจริต"})
        self.assertContains(response, "นางสาวสุนีย์ ซื่อตรง")
        self.assertNotContains(response, "นายอาสา ช่วยเหลือ")
        response = self.client.get(url, {"district": "8413"})
        self.assertContains(response, "นายอาสา ช่วยเหลือ")
        self.assertNotContains(response, "นางสาวสุนีย์ ซื่อตรง")
        response = self.client.get(url, {"q": "๑๒\x00"})
        self.assertEqual(response.status_code, 200)

    def test_a_coordinator_picks_a_trainer_for_a_key_activity_and_they_link_to_each_other(self):
        url = reverse("people:activity-trainers", args=[self.activity.pk])
        self.login(self.coordinator)  # of the education network: not this plan's writer
        self.assertEqual(self.client.post(url, {"trainer": self.honest.pk}).status_code, 404)
        religion_coordinator = self.make_religion_coordinator()
        self.login(religion_coordinator)
        page = self.client.get(url, {"q": "จิตอาสา"})
        self.assertContains(page, "นายอาสา ช่วยเหลือ")
        self.client.post(url, {"trainer": self.volunteer.pk})
        self.assertTrue(
            ActivityTrainer.objects.filter(activity=self.activity, trainer=self.volunteer).exists()
        )
        self.assertTrue(AuditEntry.objects.filter(action="people.activity_trainer.picked").exists())
        trainer_page = self.client.get(reverse("people:trainer", args=[self.volunteer.pk]))
        self.assertContains(trainer_page, "อบรมวิทยากรคุณธรรมประจำตำบล")
        self.assertContains(trainer_page, reverse("plans:plan", args=[self.activity.plan_id]))
        plan_page = self.client.get(reverse("plans:plan", args=[self.activity.plan_id]))
        self.assertContains(plan_page, url)
        self.client.post(url, {"trainer": self.volunteer.pk, "action": "remove"})
        self.assertFalse(ActivityTrainer.objects.exists())

    def make_religion_coordinator(self):  # type: ignore[no-untyped-def]
        from moralprovince.accounts.models import RoleKind
        from moralprovince.testing import make_user

        return make_user(
            "religion", RoleKind.NETWORK_COORDINATOR, province=self.surat, network=self.religion
        )

    def test_the_outsider_cannot_pick_or_see_the_activitys_trainers(self):
        self.login(self.outsider)
        url = reverse("people:activity-trainers", args=[self.activity.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"trainer": self.honest.pk}).status_code, 404)

    def test_the_public_page_lists_only_listed_trainers_with_name_topics_and_organisation(self):
        response = self.client.get(reverse("knowledge:province", args=["84"]))
        self.assertContains(response, "นางสาวสุนีย์ ซื่อตรง")
        self.assertContains(response, "การส่งเสริมความซื่อสัตย์สุจริตในองค์กร")
        self.assertContains(response, "วัดพระบรมธาตุไชยา")
        self.assertNotContains(response, "นายอาสา ช่วยเหลือ")
        self.assertNotContains(response, "0899999999")

    def test_a_person_already_on_the_register_is_not_added_twice(self):
        self.login(self.admin)
        response = self.client.post(
            reverse("people:trainer-create", args=["84"]),
            {"person-name_th": "นายอาสา  ช่วยเหลือ", "person-sex": "male", "trainer-topics": "x"},
        )
        self.assertContains(response, "บุคคลนี้อยู่ในทะเบียนแล้ว")
        self.assertEqual(Trainer.objects.count(), 2)

    def test_only_the_provinces_admins_add_or_change_trainers(self):
        for user in (self.coordinator, self.evaluator, self.outsider):
            self.login(user)
            with self.subTest(user=user.username):
                url = reverse("people:trainer-edit", args=[self.honest.pk])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_register_page_takes_the_same_queries_however_many_trainers(self):
        self.login(self.coordinator)
        url = reverse("people:trainers", args=["84"])
        self.client.get(url)
        # session, user, programme, roles, the page's count, districts, trainers, their districts
        with self.assertNumQueries(8) as few:
            self.client.get(url)
        for n in range(3):
            services.add_trainer(
                actor=self.admin,
                province=self.surat,
                data=PersonInput(name_th=f"วิทยากร {n}", organisation=self.school),
                trainer_data=TrainerInput(
                    topics="วินัย", districts=list(District.objects.filter(pk="8401"))
                ),
            )
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(url)


class RegisterOrderTests(TrainingTestCase):
    """Names sort in Thai dictionary order (a leading vowel placed by its consonant) in the
    database, and the register pages."""

    def add(self, name: str) -> Trainer:
        return services.add_trainer(
            actor=self.admin,
            province=self.surat,
            data=PersonInput(name_th=name),
            trainer_data=TrainerInput(topics="คุณธรรม"),
        )

    def test_the_register_lists_names_in_thai_order_and_pages(self):
        for name in ["เกษร ทองดี", "ขนิษฐา ใจงาม", "ไก่ แก้วใส", "กมล ศรีสุข", "แก้ว มณี"]:
            self.add(name)
        self.login(self.admin)
        url = reverse("people:trainers", args=["84"])
        names = [t.person.name_th for t in self.client.get(url).context["page"]]
        # ก before ข; among the ก names: กมล, then เกษร (เ placed after ก), then แก้ว, ไก่.
        self.assertEqual(names, ["กมล ศรีสุข", "เกษร ทองดี", "แก้ว มณี", "ไก่ แก้วใส", "ขนิษฐา ใจงาม"])
        for n in range(50):
            self.add(f"วิทยากร {n:02d}")
        first = self.client.get(url).context["page"]
        second = self.client.get(url, {"page": "2"}).context["page"]
        self.assertEqual(len(first), 50)
        self.assertEqual(len(second), 5)
        self.assertContains(self.client.get(url), "?page=2")

    def test_a_renamed_person_moves_to_the_place_of_the_new_name(self):
        trainer = self.add("เกษร ทองดี")
        person = trainer.person
        person.name_th = "ขนิษฐา ใจงาม"
        person.save(update_fields=["name_th"])
        person.refresh_from_db()
        self.assertTrue(person.sort_key.startswith("0e02"))
