"""The standing certificate of an assessment, for its page."""

from __future__ import annotations

from django import template

from moralprovince.assessments.certificates import certificate_of
from moralprovince.assessments.models import Assessment
from moralprovince.certificates.models import Certificate

register = template.Library()


@register.simple_tag
def standing_certificate(assessment: Assessment) -> Certificate | None:
    return certificate_of(assessment)
