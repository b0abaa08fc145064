"""The period of a value or a target is chosen among the indicator's own periods."""

import datetime as dt
import re
from unittest import mock

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from moralprovince.monitoring.tests.base import MonitoringTestCase

# 1 August 2021: the first three quarters of fiscal year 2564 have ended.
TODAY = dt.date(2021, 8, 1)


def options(html: str, action: str) -> list[tuple[str, bool]]:
    """The period options of the form posting to `action`, each with whether it is chosen."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', html, re.S)
    assert form is not None
    select = re.search(r'<select name="period".*?</select>', form.group(0), re.S)
    assert select is not None
    return [
        (value, "selected" in attrs)
        for attrs, value in re.findall(r'<option([^>]*value="([^"]*)"[^>]*)>', select.group(0))
    ]


class PeriodFieldTests(MonitoringTestCase):
    def page(self) -> str:
        self.login(self.coordinator)
        url = reverse("monitoring:indicator", args=[self.network_indicator.pk]) + "?fy=2564"
        with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
            return self.client.get(url).content.decode()

    def test_a_quarterly_value_is_for_a_quarter_and_the_first_owed_one_is_chosen(self):
        self.approved(self.network_indicator, "Q1", 3)
        self.enter(self.network_indicator, "Q2", 5)  # A draft: still owed.
        html = self.page()
        action = reverse("monitoring:value-save", args=[self.network_indicator.pk])
        self.assertEqual(
            options(html, action), [("Q1", False), ("Q2", True), ("Q3", False), ("Q4", False)]
        )

    def test_with_nothing_owed_the_first_period_without_a_value_is_chosen(self):
        for period in ("Q1", "Q2", "Q3"):
            self.approved(self.network_indicator, period, 3)
        action = reverse("monitoring:value-save", args=[self.network_indicator.pk])
        self.assertEqual(options(self.page(), action)[3], ("Q4", True))

    def test_a_target_is_for_a_quarter_or_the_whole_year(self):
        province = self.province_indicator  # No target yet: Q1 is the first to set.
        self.login(self.admin)
        url = reverse("monitoring:indicator", args=[province.pk]) + "?fy=2564"
        html = self.client.get(url).content.decode()
        action = reverse("monitoring:target-set", args=[province.pk])
        self.assertEqual(
            options(html, action),
            [("Q1", True), ("Q2", False), ("Q3", False), ("Q4", False), ("Y", False)],
        )

    def test_a_period_of_another_frequency_is_refused_by_name_without_codes(self):
        self.login(self.coordinator)
        url = reverse("monitoring:value-save", args=[self.network_indicator.pk])
        with translation.override("th"):
            response = self.client.post(
                url, {"fiscal_year": 2564, "period": "Y", "value": "3"}, HTTP_ACCEPT_LANGUAGE="th"
            )
        text = " ".join(str(m) for m in get_messages(response.wsgi_request))
        self.assertIn("รอบ", text)
        self.assertNotRegex(text, r"\b(Y|Q[1-4]|H[12])\b")
        self.assertFalse(self.network_indicator.values.exists())

    def test_the_service_names_the_periods_without_their_codes(self):
        from decimal import Decimal

        from django.core.exceptions import ValidationError

        from moralprovince.monitoring import services
        from moralprovince.monitoring.services import ValueInput

        with translation.override("th"), self.assertRaises(ValidationError) as caught:
            services.enter_value(
                actor=self.coordinator,
                indicator=self.network_indicator,
                data=ValueInput(fiscal_year=2564, period="Y", value=Decimal(3)),
            )
        message = " ".join(caught.exception.message_dict["period"])
        self.assertIn("ไตรมาส 1", message)
        self.assertNotIn("(Q1)", message)
