"""The refusals the schema documents, and the API keeping to them."""

from moralprovince.api.tests.test_api import ApiTestCase


class DocumentedRefusalTests(ApiTestCase):
    def test_the_schema_documents_the_refusals_of_each_operation(self):
        schema = self.client.get("/api/v1/openapi.json").json()
        detail = schema["paths"]["/api/v1/plans/{id}/"]
        self.assertEqual(
            sorted(detail["patch"]["responses"]), ["200", "400", "401", "403", "404", "415"]
        )
        self.assertEqual(sorted(detail["get"]["responses"]), ["200", "401", "403", "404"])
        self.assertIn("400", schema["paths"]["/api/v1/goals/{id}/"]["delete"]["responses"])
        self.assertEqual(schema["components"]["schemas"]["ErrorDetail"]["required"], ["detail"])

    def test_an_id_the_routes_cannot_read_gets_a_json_404(self):
        for path in ["plans/1.5/", "plans/1/extra/", "files/x/-1/name"]:
            with self.subTest(path=path):
                response = self.call(self.admin, "get", path)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertIn("detail", response.json())

    def test_a_missing_page_of_the_site_is_still_the_html_page(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(response["Content-Type"].startswith("text/html"))

    def test_a_reviewer_field_with_no_reviewer_is_null_as_the_schema_says(self):
        schema = self.client.get("/api/v1/openapi.json").json()["components"]["schemas"]
        self.assertTrue(schema["IndicatorValue"]["properties"]["reviewed_by"]["nullable"])
        self.assertTrue(schema["PlanEvent"]["properties"]["actor"]["nullable"])
