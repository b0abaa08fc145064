"""Every operation of /api/v1/openapi.json, fuzzed by schemathesis for several roles.

The demo province is loaded and each demo person calls every operation with data that fits
the schema and with data that does not, through the site's own WSGI application. No answer
may be a server error, and every answer (its status, content type and body) must be one the
schema documents. Examples per operation are fixed and derandomized, so a run is repeatable.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections import Counter
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import TestCase, override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client

from moralprovince.accounts.models import User
from moralprovince.accounts.services import create_api_token
from moralprovince.demo.services import load_demo
from moralprovince.testing_counts import COUNTS

# Demo people: the Moral Center, Surat Thani's secretariat, the education network's
# coordinator, a school's reporter, and Chiang Rai's secretariat (the outsider).
ROLES = ["national", "province", "coordinator", "reporter", "outsider"]
EXAMPLES = {GenerationMode.POSITIVE: 3, GenerationMode.NEGATIVE: 2}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MEDIA = tempfile.mkdtemp(prefix="moralprovince-fuzz-")


class Tally:
    def __init__(self) -> None:
        self.operations: set[str] = set()
        self.roles: set[str] = set()
        self.requests = 0
        self.statuses: Counter[int] = Counter()


TALLY = Tally()


@override_settings(MEDIA_ROOT=MEDIA)
class SchemaFuzzTests(TestCase):
    tokens: dict[str, str]
    ids: dict[str, list[Any]]

    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(password="demo-pass")
        cls.tokens = {}
        for username in ROLES:
            user = User.objects.get(username=username)
            cls.tokens[username] = create_api_token(actor=user, user=user)[1]
        cls.ids = {}

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)
        COUNTS["schemathesis"] = (
            f"{len(TALLY.operations)} operations × {len(TALLY.roles)} roles, "
            f"{TALLY.requests:,} requests; statuses "
            + ", ".join(f"{code}: {n}" for code, n in sorted(TALLY.statuses.items()))
        )

    def setUp(self) -> None:
        # The test client keeps the test's connection open across requests; a bare WSGI
        # handler would close it when each request finishes, inside the test's transaction.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.addCleanup(request_started.connect, close_old_connections)
        self.addCleanup(request_finished.connect, close_old_connections)
        self.app = WSGIHandler()
        self.schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", self.app)

    def existing_ids(self, path: str) -> list[Any]:
        """Ids of rows behind `path`'s list, as the national staff see them."""
        collection = path.split("{")[0]
        if collection not in self.ids:
            # Through the same WSGI application: the test client would connect again the
            # handler that closes the connection after each request.
            response = Client(self.app).get(
                f"{collection}?limit=1000",
                headers={"Authorization": f"Bearer {self.tokens['national']}"},
            )
            rows = response.json.get("results", []) if response.status_code == 200 else []
            self.ids[collection] = [row.get("id", row.get("province")) for row in rows][:40]
        return self.ids[collection]

    def fuzz(self, role: str) -> None:
        # Each refused request would log a warning; a server error still logs.
        logger = logging.getLogger("django.request")
        self.addCleanup(logger.setLevel, logger.level)
        logger.setLevel(logging.ERROR)
        failures: list[str] = []
        for result in self.schema.get_all_operations():
            operation = result.ok()
            for mode, count in EXAMPLES.items():
                failures += self.fuzz_operation(role, operation, mode, count)
        self.assertFalse(failures, "\n\n".join(failures[:10]))

    def fuzz_operation(self, role: str, operation: Any, mode: Any, count: int) -> list[str]:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        ids = self.existing_ids(operation.path)
        failures: list[str] = []

        @settings(
            max_examples=count,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
        def run(case: Any, data: Any) -> None:
            # Most positive examples name a row that exists, so that the writes are reached.
            name = next(iter(case.path_parameters or {}), None)
            if mode.is_positive and name and ids and data.draw(st.integers(0, 3)):
                case.path_parameters[name] = data.draw(st.sampled_from(ids))
            with transaction.atomic():
                response = case.call(headers=headers)
                transaction.set_rollback(True)
            TALLY.requests += 1
            TALLY.statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except (AssertionError, BaseExceptionGroup) as error:
                failures.append(f"{role} {mode} {operation.label}: {str(error)[:600]}")

        try:
            run()
        except Unsatisfiable:
            # An operation with nothing a request could get wrong (no parameter, no body)
            # has no negative example; schemathesis then filters every one out.
            if mode.is_positive:
                raise
        TALLY.operations.add(operation.label)
        TALLY.roles.add(role)
        return failures

    def test_national_staff(self) -> None:
        self.fuzz("national")

    def test_a_province_admin(self) -> None:
        self.fuzz("province")

    def test_a_network_coordinator(self) -> None:
        self.fuzz("coordinator")

    def test_an_organisation_reporter(self) -> None:
        self.fuzz("reporter")

    def test_another_provinces_admin(self) -> None:
        self.fuzz("outsider")
