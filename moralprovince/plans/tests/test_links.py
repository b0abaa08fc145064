"""Every link on the programme, network, organisation, plan and framework pages opens.

A link is offered only to those its rule lets in: as each role, follow every link of these
pages (and of the pages of these apps they lead to) and none may answer 403 or 404.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve, reverse

from moralprovince.framework.models import Virtue
from moralprovince.plans import services
from moralprovince.plans.access import Unit
from moralprovince.plans.models import TargetVirtue
from moralprovince.plans.services import DeclarationInput, TargetVirtueInput
from moralprovince.plans.tests.base import PlanTestCase

# The pages whose links are followed further; a link into another app is opened, not walked.
WALKED = {"organisations", "plans", "framework"}
# Links that change the session rather than open a page.
SKIPPED = {"accounts:logout", "set_language", "core:text-size"}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


class OfferedLinksTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        virtues = list(Virtue.objects.valid_in(2564)[:1])
        for actor, unit in [(cls.admin, Unit("84")), (cls.coordinator, Unit("84", cls.education))]:
            services.create_target_virtue(
                actor=actor,
                unit=unit,
                fiscal_year=2564,
                data=TargetVirtueInput(problem_to_solve="ขยะ", good_to_do="คัดแยก", virtues=virtues),
            )
            services.create_declaration(
                actor=actor,
                unit=unit,
                fiscal_year=2564,
                data=DeclarationInput(text="ประกาศ", declared_on=dt.date(2020, 12, 4)),
            )

    def start_pages(self) -> list[str]:
        return [
            reverse("organisations:programme", args=["84"]),
            reverse("organisations:directory"),
            reverse("organisations:network", args=[self.education.pk]),
            reverse("organisations:network", args=[self.religion.pk]),
            reverse("organisations:organisation", args=[self.school.pk]),
            reverse("organisations:organisation", args=[self.temple.pk]),
            reverse("plans:year", args=["84", 2564]),
            reverse("plans:plan", args=[self.plan.pk]),
            reverse("framework:index"),
        ]

    def walk(self, user) -> tuple[set[str], list[str]]:
        self.login(user)
        seen: set[str] = set()
        broken: list[str] = []
        queue = [(url, "") for url in self.start_pages()]
        while queue:
            url, source = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = self.client.get(url)
            if response.status_code in (403, 404, 500):
                if source:  # A start page the person may not open is not a link.
                    broken.append(f"{url} ({response.status_code}) linked from {source}")
                continue
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            if resolve(urlsplit(url).path).namespace not in WALKED:
                continue
            parser = Links()
            parser.feed(response.content.decode())
            for href in parser.hrefs:
                target = urljoin(url, href)
                parts = urlsplit(target)
                if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                    continue
                try:
                    match = resolve(parts.path)
                except Resolver404:
                    continue  # Static and uploaded files.
                if match.view_name not in SKIPPED:
                    queue.append((target.split("#")[0], url))
        return seen, broken

    def test_no_role_is_offered_a_link_it_cannot_open(self):
        for user in [
            self.national,
            self.admin,
            self.coordinator,
            self.reporter,
            self.evaluator,
            self.viewer,
            self.outsider,
        ]:
            with self.subTest(user=user.username):
                _seen, broken = self.walk(user)
                self.assertEqual(broken, [])

    def test_the_walk_reaches_the_edit_pages_of_those_who_may_edit(self):
        seen, _broken = self.walk(self.coordinator)
        for url in [
            reverse("plans:activity-edit", args=[self.training.pk]),
            reverse("organisations:network-edit", args=[self.education.pk]),
            reverse("organisations:organisation-edit", args=[self.school.pk]),
        ]:
            self.assertIn(url, seen)
        own_target = TargetVirtue.objects.get(network=self.education)
        self.assertIn(reverse("plans:target-edit", args=[own_target.pk]), seen)
