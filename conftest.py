"""Test set-up shared by the whole suite.

The country's geography and the reference data are loaded once into the test database;
each test runs in a transaction that is rolled back, so they stay for every test.
"""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from moralprovince.geo.services import load_geography
    from moralprovince.portal.reference import load_reference_data

    with django_db_blocker.unblock():
        load_geography()
        load_reference_data()


def pytest_configure(config):  # type: ignore[no-untyped-def]
    from django.conf import settings

    # The slow default hasher would make every named test person cost half a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_terminal_summary(terminalreporter):  # type: ignore[no-untyped-def]
    # The schema fuzzing and the importer properties say how much they ran, for the CI log.
    from moralprovince.testing_counts import COUNTS

    for name, line in sorted(COUNTS.items()):
        terminalreporter.write_line(f"{name}: {line}")
