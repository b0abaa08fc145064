"""The reference data every installation starts with, gathered from each app.

Each loader creates what is missing and never overwrites what an admin has edited.
"""

from django.db import transaction

from moralprovince.assessments.reference import load_reference_criteria
from moralprovince.framework.reference import load_framework
from moralprovince.monitoring.reference import load_dimensions
from moralprovince.organisations.reference import load_organisation_types
from moralprovince.plans.reference import load_funding_sources
from moralprovince.surveys.reference import load_reference_instrument


@transaction.atomic
def load_reference_data() -> None:
    load_framework()
    load_organisation_types()
    load_funding_sources()
    load_dimensions()
    load_reference_instrument()
    load_reference_criteria()
