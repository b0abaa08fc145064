from django.db import connection
from django.urls import reverse

from moralprovince.lib.thaitext import search_terms
from moralprovince.organisations.models import Organisation, OrganisationType
from moralprovince.organisations.queries import name_search
from moralprovince.testing import MoralTestCase, make_organisation


class DirectoryTests(MoralTestCase):
    url = reverse("organisations:directory")

    def names(self, user, **params):
        self.login(user)
        response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        return {org.name_th for org in response.context["page"]}

    def test_the_province_admin_sees_every_organisation_of_the_province_only(self):
        self.assertEqual(
            self.names(self.admin),
            {"โรงเรียนบ้านนาเดิม", "มหาวิทยาลัยราชภัฏสุราษฎร์ธานี", "วัดพระบรมธาตุไชยา"},
        )

    def test_the_outsider_sees_nothing_of_surat_thani(self):
        self.assertEqual(self.names(self.outsider), {"โรงเรียนบ้านรอบเวียง"})
        self.assertEqual(self.names(self.outsider, province="84"), {"โรงเรียนบ้านรอบเวียง"})

    def test_a_coordinator_sees_their_networks_members_and_a_reporter_their_own(self):
        self.assertEqual(
            self.names(self.coordinator), {"โรงเรียนบ้านนาเดิม", "มหาวิทยาลัยราชภัฏสุราษฎร์ธานี"}
        )
        self.assertEqual(self.names(self.reporter), {"โรงเรียนบ้านนาเดิม"})

    def test_it_filters_by_district_network_and_type(self):
        self.assertEqual(self.names(self.admin, district="8413"), {"โรงเรียนบ้านนาเดิม"})
        self.assertEqual(self.names(self.admin, network=self.religion.pk), {"วัดพระบรมธาตุไชยา"})
        university = OrganisationType.objects.get(code="university")
        self.assertEqual(self.names(self.admin, kind=university.pk), {"มหาวิทยาลัยราชภัฏสุราษฎร์ธานี"})

    def test_thai_search_matches_every_word_in_any_order(self):
        self.assertEqual(self.names(self.admin, q="โรงเรียน"), {"โรงเรียนบ้านนาเดิม"})
        self.assertEqual(self.names(self.admin, q="นาเดิม โรงเรียน"), {"โรงเรียนบ้านนาเดิม"})
        self.assertEqual(self.names(self.admin, q="ราชภัฏสุราษฎร์"), {"มหาวิทยาลัยราชภัฏสุราษฎร์ธานี"})
        self.assertEqual(self.names(self.admin, q="โรงพยาบาล"), set())

    def test_a_word_inside_a_compound_is_found(self):
        make_organisation(self.surat, "เครือข่ายการสื่อสารเพื่อคุณธรรม", "media", "840101")
        self.assertEqual(self.names(self.admin, q="เครือข่าย"), {"เครือข่ายการสื่อสารเพื่อคุณธรรม"})

    def test_a_query_of_punctuation_or_2000_characters_is_handled(self):
        self.assertEqual(len(self.names(self.admin, q="!!! ???")), 3)
        self.assertEqual(self.names(self.admin, q="ก" * 2000), set())

    def test_an_unknown_filter_value_gets_the_whole_list_and_no_error(self):
        self.assertEqual(len(self.names(self.admin, district="abc", network="x")), 3)

    def test_htmx_gets_only_the_results_fragment(self):
        self.login(self.admin)
        response = self.client.get(self.url, {"q": "วัด"}, headers={"HX-Request": "true"})
        self.assertNotContains(response, "<html")
        self.assertContains(response, "วัดพระบรมธาตุไชยา")

    def test_the_query_count_does_not_grow_with_the_number_of_organisations(self):
        for i in range(30):
            make_organisation(self.surat, f"โรงเรียนตัวอย่าง {i}", "school", "840101")
        self.login(self.admin)
        self.client.get(self.url)  # warm the session and translations
        # The page is read in two steps: its ids in order, then its rows (lib.paging).
        with self.assertNumQueries(11):
            self.client.get(self.url, {"q": "โรงเรียน"})

    def test_the_list_is_in_thai_dictionary_order_by_the_database(self):
        # เ แ โ ใ ไ are placed by the consonant after them; a tone mark only breaks a tie.
        for name in ["ไก่ชนบ้านนา", "เกษตรกรรวมใจ", "แก่งกรุง", "กองทุนหมู่บ้าน", "ขนมไทย"]:
            make_organisation(self.surat, name, "media", "840101")
        self.login(self.admin)
        response = self.client.get(self.url)
        names = [org.name_th for org in response.context["page"]]
        self.assertEqual(
            names,
            [
                "กองทุนหมู่บ้าน",
                "เกษตรกรรวมใจ",
                "แก่งกรุง",
                "ไก่ชนบ้านนา",
                "ขนมไทย",
                "มหาวิทยาลัยราชภัฏสุราษฎร์ธานี",
                "โรงเรียนบ้านนาเดิม",
                "วัดพระบรมธาตุไชยา",
            ],
        )

    def test_across_provinces_districts_and_networks_are_offered_once_a_province_is_chosen(self):
        self.login(self.national)
        form = self.client.get(self.url).context["form"]
        self.assertTrue(form.across_provinces)
        self.assertEqual(list(form.fields["network"].queryset), [])
        self.assertEqual(list(form.fields["district"].queryset), [])
        response = self.client.get(self.url, {"province": "84", "network": self.education.pk})
        form = response.context["form"]
        self.assertEqual(set(form.fields["network"].queryset), {self.education, self.religion})
        self.assertEqual({d.province_id for d in form.fields["district"].queryset}, {"84"})
        self.assertContains(response, 'data-reload-on="province"')
        self.assertEqual(
            {o.name_th for o in response.context["page"]},
            {"โรงเรียนบ้านนาเดิม", "มหาวิทยาลัยราชภัฏสุราษฎร์ธานี"},
        )

    def test_within_one_province_every_district_and_network_is_offered(self):
        self.login(self.admin)
        response = self.client.get(self.url)
        form = response.context["form"]
        self.assertFalse(form.across_provinces)
        self.assertEqual(set(form.fields["network"].queryset), {self.education, self.religion})
        self.assertNotContains(response, "data-reload-on")


class NameIndexTests(MoralTestCase):
    """The name index finds what a substring match over every name finds, and is kept up to
    date when names change or organisations are deleted."""

    def matches(self, q: str) -> set[str]:
        found = name_search(Organisation.objects.all(), search_terms(q))
        scanned = Organisation.objects.all()
        for term in search_terms(q):
            scanned = scanned.filter(search_text__contains=term)
        names = set(found.values_list("name_th", flat=True))
        self.assertEqual(names, set(scanned.values_list("name_th", flat=True)), q)
        return names

    def test_the_index_finds_what_a_scan_finds(self):
        make_organisation(self.surat, "องค์กรตัวอย่าง 84-00012", "media", "840101")
        make_organisation(self.surat, 'ชมรม "คนดี" ศรีวิชัย', "media", "840101")
        cases = {
            "องค์กร": {"องค์กรตัวอย่าง 84-00012"},
            "ค์กรตัว": {"องค์กรตัวอย่าง 84-00012"},
            "ตัวอย่าง 00012": {"องค์กรตัวอย่าง 84-00012"},
            "84": {"องค์กรตัวอย่าง 84-00012"},
            "โรงเรียนบ้าน": {"โรงเรียนบ้านนาเดิม", "โรงเรียนบ้านรอบเวียง"},
            'คนดี"': {'ชมรม "คนดี" ศรีวิชัย'},
            "ราชภัฏ วัด": set(),
        }
        for q, expected in cases.items():
            self.assertEqual(self.matches(q), expected, q)

    def test_a_renamed_or_deleted_organisation_is_found_by_its_new_name_only(self):
        org = make_organisation(self.surat, "ชมรมจริยธรรม", "media", "840101")
        org.name_th = "สมาคมจริยธรรม"
        org.refresh_search_text()
        org.save()
        self.assertEqual(self.matches("ชมรม"), set())
        self.assertEqual(self.matches("สมาคม"), {"สมาคมจริยธรรม"})
        org.delete()
        self.assertEqual(self.matches("จริยธรรม"), set())

    def test_on_sqlite_the_search_goes_through_the_index(self):
        if connection.vendor != "sqlite":
            self.skipTest("PostgreSQL's planner chooses the trigram index itself")
        org = make_organisation(self.surat, "ชมรมจริยธรรม", "media", "840101")
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO organisations_name_fts(organisations_name_fts, rowid, search_text) "
                "VALUES ('delete', %s, %s)",
                [org.pk, org.search_text],
            )
        found = name_search(Organisation.objects.all(), ["ชมรม"])
        self.assertFalse(found.exists())
        self.assertTrue(Organisation.objects.filter(search_text__contains="ชมรม").exists())


class DirectoryPagingTests(MoralTestCase):
    def test_the_pages_hold_every_organisation_once_in_thai_order(self):
        for n in range(30):
            make_organisation(self.surat, f"ชมรมที่ {n:02d}", "media", "840101")
        self.login(self.admin)
        url = reverse("organisations:directory")
        pages = [self.client.get(url, {"page": p}).context["page"] for p in ("1", "2")]
        names = [o.name_th for page in pages for o in page]
        expected = list(
            Organisation.objects.filter(province=self.surat).values_list("name_th", flat=True)
        )
        self.assertEqual(names, expected)
        self.assertEqual(len(names), 33)
        # A page past the end or not a number, as Django's get_page: the last, the first.
        self.assertEqual(self.client.get(url, {"page": "99"}).context["page"].number, 2)
        self.assertEqual(self.client.get(url, {"page": "x"}).context["page"].number, 1)
        self.assertContains(self.client.get(url, {"page": "2"}), "ชมรมที่ 29")
