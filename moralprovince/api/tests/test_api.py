import json

from moralprovince.accounts.services import create_api_token
from moralprovince.organisations.models import Network, Organisation
from moralprovince.testing import MoralTestCase


class ApiTestCase(MoralTestCase):
    def call(self, user, method, path, data=None, **headers):
        _token, raw = create_api_token(actor=user, user=user)
        body = json.dumps(data) if data is not None else None
        return getattr(self.client, method)(
            f"/api/v1/{path}",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}"} | headers,
        )


class AuthenticationTests(ApiTestCase):
    def test_no_token_malformed_token_and_unknown_token_get_401(self):
        self.assertEqual(self.client.get("/api/v1/networks/").status_code, 401)
        for header in ["Bearer", "Bearer not-a-token", "Bearer mp_unknown", "Bearer a b"]:
            with self.subTest(header=header):
                response = self.client.get("/api/v1/networks/", headers={"Authorization": header})
                self.assertEqual(response.status_code, 401)

    def test_a_valid_token_lists_the_persons_networks(self):
        response = self.call(self.coordinator, "get", "networks/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual([n["id"] for n in response.json()["results"]], [self.education.pk])

    def test_the_schema_and_docs_are_public(self):
        schema = self.client.get("/api/v1/openapi.json")
        self.assertEqual(schema.status_code, 200)
        paths = schema.json()["paths"]
        self.assertIn("/api/v1/organisations/{id}/", paths)
        self.assertIn("bearerAuth", schema.json()["components"]["securitySchemes"])
        self.assertEqual(self.client.get("/api/v1/docs/").status_code, 200)


class OutsiderTests(ApiTestCase):
    def test_the_outsiders_token_gets_nothing_of_surat_thani(self):
        provinces = self.call(self.outsider, "get", "provinces/").json()["results"]
        self.assertEqual([p["province"] for p in provinces], ["57"])
        networks = self.call(self.outsider, "get", "networks/?province=84").json()["results"]
        self.assertEqual(networks, [])
        orgs = self.call(self.outsider, "get", "organisations/?province=84").json()["results"]
        self.assertEqual(orgs, [])
        for path in [
            "provinces/84/",
            f"networks/{self.education.pk}/",
            f"organisations/{self.school.pk}/",
        ]:
            with self.subTest(path=path):
                self.assertEqual(self.call(self.outsider, "get", path).status_code, 404)
                self.assertEqual(
                    self.call(self.outsider, "patch", path, {"name_th": "x"}).status_code, 404
                )

    def test_the_outsider_cannot_create_in_surat_thani(self):
        response = self.call(
            self.outsider,
            "post",
            "organisations/",
            {"province": "84", "subdistrict": "840101", "kind": "school", "name_th": "แอบสร้าง"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("province", response.json())
        self.assertFalse(Organisation.objects.filter(name_th="แอบสร้าง").exists())


class NetworkApiTests(ApiTestCase):
    def test_a_coordinator_updates_their_network_but_not_another(self):
        own = self.call(
            self.coordinator, "patch", f"networks/{self.education.pk}/", {"description": "แนวทาง"}
        )
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.json()["description"], "แนวทาง")
        other = self.call(
            self.coordinator, "patch", f"networks/{self.religion.pk}/", {"description": "x"}
        )
        self.assertEqual(other.status_code, 404)
        self.religion.refresh_from_db()
        self.assertEqual(self.religion.description, "")

    def test_the_admin_creates_a_network_and_a_duplicate_number_is_a_400_naming_the_problem(self):
        created = self.call(
            self.admin,
            "post",
            "networks/",
            {"province": "84", "number": 9, "name_th": "เครือข่ายใหม่"},
        )
        self.assertEqual(created.status_code, 201)
        duplicate = self.call(
            self.admin, "post", "networks/", {"province": "84", "number": 9, "name_th": "อีกเครือข่าย"}
        )
        self.assertEqual(duplicate.status_code, 400)
        self.assertIn(
            "จังหวัดนี้มีเครือข่ายที่ใช้ลำดับที่นี้แล้ว", json.dumps(duplicate.json(), ensure_ascii=False)
        )
        self.assertEqual(Network.objects.filter(province=self.surat, number=9).count(), 1)

    def test_a_chair_from_another_province_is_not_found(self):
        response = self.call(
            self.admin, "patch", f"networks/{self.education.pk}/", {"chair": self.other_org.pk}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("chair", response.json())


class OrganisationApiTests(ApiTestCase):
    payload = {
        "province": "84",
        "subdistrict": "840103",
        "kind": "school",
        "name_th": "โรงเรียนวัดประดู่",
    }

    def test_a_coordinator_creates_an_organisation_in_their_network(self):
        response = self.call(
            self.coordinator,
            "post",
            "organisations/",
            self.payload | {"network": self.education.pk},
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["networks"], [self.education.pk])
        self.assertEqual(response.json()["district"], "8401")

    def test_a_coordinator_must_name_their_network(self):
        response = self.call(self.coordinator, "post", "organisations/", self.payload)
        self.assertEqual(response.status_code, 400)
        self.assertIn("network", response.json())
        other = self.call(
            self.coordinator, "post", "organisations/", self.payload | {"network": self.religion.pk}
        )
        self.assertEqual(other.status_code, 400)
        self.assertFalse(Organisation.objects.filter(name_th="โรงเรียนวัดประดู่").exists())

    def test_errors_name_the_field_in_the_callers_language(self):
        bad = {"province": "84", "subdistrict": "570102", "kind": "nothing"}
        thai = self.call(self.admin, "post", "organisations/", bad, **{"Accept-Language": "th"})
        self.assertEqual(thai.status_code, 400)
        self.assertEqual(set(thai.json()), {"kind", "name_th"})
        self.assertEqual(thai.json()["kind"], ["ไม่พบข้อมูลที่มีรหัส nothing"])
        english = self.call(self.admin, "post", "organisations/", bad, **{"Accept-Language": "en"})
        self.assertEqual(english.json()["name_th"], ["This field is required."])

    def test_a_subdistrict_of_another_province_is_refused(self):
        response = self.call(
            self.admin, "post", "organisations/", self.payload | {"subdistrict": "570102"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("subdistrict", response.json())

    def test_a_reporter_updates_their_organisation_only(self):
        own = self.call(
            self.reporter, "patch", f"organisations/{self.school.pk}/", {"phone": "077-111111"}
        )
        self.assertEqual(own.status_code, 200)
        other = self.call(
            self.reporter, "patch", f"organisations/{self.university.pk}/", {"phone": "1"}
        )
        self.assertEqual(other.status_code, 404)

    def test_the_list_searches_thai_names(self):
        response = self.call(self.admin, "get", "organisations/?q=โรงเรียน")
        self.assertEqual([o["name_th"] for o in response.json()["results"]], ["โรงเรียนบ้านนาเดิม"])

    def test_a_malformed_filter_is_a_400_not_a_500(self):
        response = self.call(self.admin, "get", "organisations/?network=abc")
        self.assertEqual(response.status_code, 400)

    def test_only_national_admins_start_programmes(self):
        denied = self.call(
            self.admin, "post", "provinces/", {"province": "10", "name_th": "กรุงเทพ"}
        )
        self.assertEqual(denied.status_code, 403)
        created = self.call(
            self.national, "post", "provinces/", {"province": "10", "name_th": "กรุงเทพมหานครคุณธรรม"}
        )
        self.assertEqual(created.status_code, 201)
