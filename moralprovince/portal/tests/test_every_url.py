"""Every URL of the URL conf, walked as the people who must get nothing.

The walk reads the URL conf itself, so a page or endpoint is covered the day it is added:
one that no table below names fails `test_every_url_is_named_in_the_tables` until it is
given its arguments (`ARGS`) or a reason to be public (`PUBLIC`), and, if it takes writes,
the people who must be refused them (`REFUSED`) or the note that it only reads (`READ`).

- Anonymous visitors and the outsider (the admin of Chiang Rai, with no role in Surat
  Thani) GET every URL about a row of Surat Thani and must be refused: a 404, a 403, a
  405 or the way to the login page. Pages not about one province's rows (`SHARED`) may
  answer the outsider, but never with a row of Surat Thani: every private row there
  carries a mark that no answer to them may contain, whatever its format.
- Every write a URL takes (POST for pages; POST, PUT, PATCH and DELETE as the API routes
  map them) is sent as anonymous, as the outsider and as each role of Surat Thani that
  `REFUSED` names, and must be refused with no audit entry and no row written.
- Each URL is reached once more as someone who may use it (the province admin, or the
  national admin for national pages): they must not be refused, or the refusals above
  would prove nothing, and every HTML page they get must show the text-size control;
  visitors get every public page, and every published item's, with it too. PDFs,
  spreadsheets, CSV, JSON and feeds are not pages (their content type says so), nor are
  the fragments a page sends htmx (their template's name starts with "_").
- The Django admin is covered as a whole: whoever is not staff is sent to its login.
  Static files are served by WhiteNoise, outside the URL conf. Stored files are not served
  from MEDIA_ROOT at all: each goes through the files view (`core:file`, and `api-file`),
  walked here with a file of each kind; no answer may point under /media/.

Leaks the walk finds and the integrator has not fixed yet are listed in `KNOWN_LEAKS`;
the test fails if a new one appears or a listed one is fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from moralprovince.accounts.models import ApiToken, Invitation, RoleKind
from moralprovince.assessments.tests.walk import rows as assessment_rows
from moralprovince.certificates.models import Certificate
from moralprovince.core.files import download_name, kind_of
from moralprovince.partnerships.models import ActionItem, Meeting, Mou
from moralprovince.people.models import Batch, Course, Enrolment, Partner, Trainer
from moralprovince.plans.excel import export_workbook
from moralprovince.portal.tests import urlwalk
from moralprovince.portal.tests.urlwalk import (
    FIRST,
    FY,
    MARK,
    OTHER,
    OWN_MARK,
    Outcome,
    Route,
    World,
)

Leak = tuple[str, str, str]  # URL name, method, role

# Known leaks: (URL name, method, role). Each is a real leak the integrator fixes in the view
# or its access rule, then removes here; the test fails while a listed leak is fixed.
KNOWN_LEAKS: set[Leak] = set()

# --- which URLs are public, and the arguments of every other one ------------------------------

PUBLIC = {
    "portal:healthz": "the load balancer's health check; says nothing about any province",
    "core:text-size": "sets the text-size cookie and goes back; reads and changes no row",
    "set_language": "Django's language switch; sets a cookie, changes no row",
    "accounts:login": "the login page",
    "accounts:logout": "logging out",
    "accounts:password-reset": "asks for a reset link; the answer is the same for any address",
    "accounts:password-reset-done": "says that a reset link is on its way",
    "accounts:password-reset-confirm": "a reset link: only its signed token opens the form",
    "accounts:password-reset-complete": "says that the new password is set",
    "portal:home": "the home page: the public programmes, or the person's own",
    "knowledge:province": "a public programme's page: networks and published items",
    "knowledge:news-list": "a public programme's published news",
    "knowledge:feed-rss": "RSS of a public programme's published news",
    "knowledge:feed-atom": "Atom of a public programme's published news",
    "knowledge:search": "search: published items, and drafts only to their province's people",
    "surveys:answer": "the survey's web form: whoever holds the school's link answers",
    "surveys:answer-step": "a page of the survey's web form",
    "surveys:answer-done": "the thank-you page of the survey's web form",
    "people:join": "a batch's self-enrolment link: whoever holds its token enrols while open",
    "api-schema": "the OpenAPI schema describes the API, not its data",
    "api-docs": "the API's documentation page",
    "api-search": "search through the API, with the page's visibility",
    "certificates:verify-form": "asks for a certificate's code",
    "certificates:verify": "a certificate's verification page: only what the paper shows",
    "api-certificate-verify": "a certificate's verification by its code: what the paper shows",
}
# Where Django would serve uploaded files: nothing may answer there, nor point there.
MEDIA = f"/{settings.MEDIA_URL.strip('/')}/"

# Pages that are not about one province's rows: the outsider may get them, but never with a
# marked row of Surat Thani in them.
SHARED = {
    "organisations:directory": "lists only the organisations the person may see",
    "framework:index": "the national framework: virtues, master plans, strategies",
    "surveys:index": "the person's own rounds and the national instruments",
    "surveys:instrument": "a national survey instrument",
    "surveys:instrument-workbook": "a national survey instrument as a workbook",
    "surveys:round-new": "offers only the provinces where the person runs rounds",
    "survey-instrument-list": "the national survey instruments",
    "survey-instrument-detail": "a national survey instrument",
}
# Pages about the signed-in person's own account: everyone signed in may use them, the
# outsider too, and what they write (their password, their tokens) is their own.
OWN_ACCOUNT = {
    "accounts:password-change": "changes the signed-in person's own password",
    "accounts:tokens": "lists and makes the signed-in person's own API tokens",
}
SHARED |= OWN_ACCOUNT | {
    "accounts:account": "the signed-in person's own account page",
    "accounts:password-change-done": "says that the person's own password was changed",
}
# API lists answer every signed-in person, with the rows they may see.
API_LISTS = {
    "programme-list",
    "network-list",
    "organisation-list",
    "declaration-list",
    "target-virtue-list",
    "plan-list",
    "goal-list",
    "activity-list",
    "budget-line-list",
    "indicator-list",
    "target-list",
    "indicator-value-list",
    "activity-report-list",
    "visit-list",
    "survey-round-list",
    "course-list",
    "batch-list",
    "enrolment-list",
    "attendance-list",
    "trainer-list",
}
SHARED |= dict.fromkeys(API_LISTS, "lists only the rows the person may see")
SHARED["certificate-list"] = "lists only the certificates of the provinces the person reads"
# Read-only lists of meetings, actions, partners and MOUs: the rows the person may see.
PARTNERSHIP_LISTS = {"meeting-list", "action-item-list", "partner-list", "mou-list"}
SHARED |= dict.fromkeys(PARTNERSHIP_LISTS, "lists only the rows the person may see")


@dataclass(frozen=True)
class Target:
    """The URL's arguments, and a query string when the page reads its unit from it."""

    kwargs: dict[str, Any]
    query: str = ""


Args = Callable[[World], "dict[str, Any] | Target | list[Target]"]


def code(w: World) -> dict[str, Any]:
    return {"code": FIRST}


def year(w: World) -> dict[str, Any]:
    return {"code": FIRST, "fy": FY}


def both_provinces(w: World) -> list[Target]:
    """A public page of the province, and the same page of the outsider's private programme."""
    return [Target({"code": FIRST}), Target({"code": OTHER})]


def by_province(w: World) -> Target:
    return Target({}, f"?province={FIRST}")


def in_network_8(kwargs: dict[str, Any]) -> Args:
    """A unit of network 8 named in the query: coordinators of other networks may not write it."""
    return lambda w: Target(kwargs, f"?network={w.net8.pk}")


def stored_files(records: dict[str, Any]) -> list[Target]:
    """The files view's address of each record's file."""
    return [
        Target({"kind": kind, "pk": r.pk, "name": download_name(kind_of(r), r)})
        for kind, r in records.items()
    ]


def pk_of(name: str) -> Args:
    return lambda w: {"pk": getattr(w, name).pk}


def _meeting() -> Meeting:
    """The demo's first meeting of the province: a working group's, no network's."""
    return Meeting.objects.filter(province_id=FIRST, network=None).order_by("pk").first()


def _partner() -> Partner:
    return Partner.objects.filter(province_id=FIRST).order_by("pk").first()


def _mou() -> Mou:
    return Mou.objects.filter(province_id=FIRST).order_by("pk").first()


def own_invitation(w: World) -> Invitation:
    """An invitation to the province admin: only they open or answer it, its province's
    admins cancel it."""
    return Invitation.objects.get_or_create(
        user=w.people["admin"],
        kind=RoleKind.VIEWER,
        province_id=FIRST,
        defaults={"username": "province", "invited_by": w.people["national"]},
    )[0]


def certificate(w: World) -> Certificate:
    """A standing certificate of Surat Thani, of a kind no source claims: its admins revoke it."""
    return Certificate.objects.get_or_create(
        kind="walk",
        object_id=1,
        revoked_at=None,
        defaults={
            "province_id": FIRST,
            "holder_name": f"{MARK}CERTIFICATE",
            "fiscal_year": FY,
            "issued_on": dt.date(2021, 3, 1),
        },
    )[0]


def own_token(w: World) -> ApiToken:
    return ApiToken.objects.get_or_create(
        user=w.people["admin"], name="walk", defaults={"token_hash": "0" * 64}
    )[0]


def demo_course(w: World) -> Course:
    return Course.objects.filter(province_id=FIRST).order_by("pk").first()  # type: ignore[return-value]


def demo_batch(w: World) -> Batch:
    return Batch.objects.filter(province_id=FIRST).order_by("pk").first()  # type: ignore[return-value]


def demo_trainee(w: World) -> Enrolment:
    return Enrolment.objects.filter(batch=demo_batch(w)).order_by("pk").first()  # type: ignore[return-value]


def demo_trainer(w: World) -> Trainer:
    return Trainer.objects.filter(province_id=FIRST).order_by("pk").first()  # type: ignore[return-value]


ARGS: dict[str, Args] = {
    # accounts
    "accounts:account": lambda w: {},
    "accounts:password-change": lambda w: {},
    "accounts:password-change-done": lambda w: {},
    "accounts:password-reset-confirm": lambda w: {"uidb64": "MQ", "token": "set-password"},
    "accounts:tokens": lambda w: {},
    "accounts:token-revoke": lambda w: {"token_id": own_token(w).pk},
    "accounts:invitation": lambda w: {"token": own_invitation(w).token},
    "accounts:invitation-cancel": lambda w: {"invitation_id": own_invitation(w).pk},
    # organisations
    "organisations:people": code,
    "organisations:role-revoke": lambda w: {"code": FIRST, "role_id": w.viewer_role.pk},
    "organisations:programme-create": lambda w: {},
    "organisations:programme": code,
    "organisations:programme-edit": code,
    "organisations:programme-year-add": code,
    "organisations:programme-year-remove": lambda w: {"code": FIRST, "year_id": w.year.pk},
    "organisations:network-create": code,
    "organisations:organisation-create": in_network_8({"code": FIRST}),
    "organisations:network": lambda w: {"network_id": w.net8.pk},
    "organisations:network-edit": lambda w: {"network_id": w.net8.pk},
    "organisations:member-add": lambda w: {"network_id": w.net8.pk},
    "organisations:member-remove": lambda w: {
        "network_id": w.net8.pk,
        "organisation_id": w.organisation.pk,
    },
    "organisations:directory": lambda w: Target({}, f"?province={FIRST}&q={MARK}"),
    "organisations:lookup": lambda w: Target({"code": FIRST}, f"?lookup_q={MARK}"),
    "organisations:organisation": lambda w: {"organisation_id": w.organisation.pk},
    "organisations:organisation-edit": lambda w: {"organisation_id": w.organisation.pk},
    # portal
    "portal:audit-national": lambda w: {},
    "portal:audit-province": code,
    # plans
    "plans:year": year,
    "plans:integration": year,
    "plans:plan-create": in_network_8({"code": FIRST, "fy": FY}),
    "plans:year-export": year,
    "plans:year-import": year,
    "plans:declaration-create": in_network_8({"code": FIRST, "fy": FY}),
    "plans:target-create": in_network_8({"code": FIRST, "fy": FY}),
    "plans:declaration": pk_of("declaration"),
    "plans:declaration-edit": pk_of("declaration"),
    "plans:target-edit": pk_of("target"),
    "plans:unit-row-delete": lambda w: [
        Target({"kind": "declaration", "pk": w.declaration.pk}),
        Target({"kind": "target", "pk": w.target.pk}),
    ],
    "plans:plan": lambda w: {"plan_id": w.plan_draft.pk},
    "plans:plan-export": lambda w: {"plan_id": w.plan_draft.pk},
    "plans:plan-pdf": lambda w: {"plan_id": w.plan_draft.pk},
    "plans:plan-review": lambda w: [
        Target({"plan_id": w.plan_submitted.pk, "action": "approve"}),
        Target({"plan_id": w.own_plan_submitted.pk, "action": "approve"}),
        Target({"plan_id": w.plan_submitted.pk, "action": "return"}),
        Target({"plan_id": w.plan_draft.pk, "action": "submit"}),
        Target({"plan_id": w.plan_approved.pk, "action": "revise"}),
    ],
    "plans:goal-create": lambda w: {"plan_id": w.plan_draft.pk},
    "plans:activity-create": lambda w: {"plan_id": w.plan_draft.pk},
    "plans:goal-edit": lambda w: {"goal_id": w.goal.pk},
    "plans:activity-edit": lambda w: {"activity_id": w.activity.pk},
    "plans:budget-create": lambda w: {"activity_id": w.activity.pk},
    "plans:budget-edit": lambda w: {"line_id": w.line.pk},
    "plans:delete": lambda w: [
        Target({"kind": "goal", "pk": w.goal.pk}),
        Target({"kind": "activity", "pk": w.activity.pk}),
        Target({"kind": "budget", "pk": w.line.pk}),
    ],
    # monitoring
    "monitoring:indicators": code,
    "monitoring:indicator-create": in_network_8({"code": FIRST}),
    "monitoring:periods": code,
    "monitoring:period-unlock": lambda w: {"code": FIRST, "lock_id": w.lock.pk},
    "monitoring:iptt": code,
    "monitoring:dashboard": code,
    "monitoring:status": code,
    "monitoring:year-report": code,
    "monitoring:visits": code,
    "monitoring:visit-create": code,
    "monitoring:visit-edit": pk_of("visit"),
    "monitoring:indicator": pk_of("indicator"),
    "monitoring:indicator-edit": pk_of("indicator"),
    "monitoring:target-set": pk_of("indicator"),
    "monitoring:value-save": pk_of("indicator"),
    "monitoring:value-compute": pk_of("computed_indicator"),
    "monitoring:records": lambda w: {"pk": w.computed_indicator.pk, "fy": FY, "period": "Q1"},
    "monitoring:value-review": lambda w: [
        Target({"pk": w.value_submitted.pk, "action": "approve"}),
        Target({"pk": w.own_value_submitted.pk, "action": "approve"}),
        Target({"pk": w.value_submitted.pk, "action": "return"}),
        Target({"pk": w.value_draft.pk, "action": "submit"}),
    ],
    "monitoring:plan-iptt": lambda w: {"plan_id": w.plan_draft.pk},
    "monitoring:report-create": lambda w: {"activity_id": w.activity.pk},
    "monitoring:report": pk_of("report"),
    "monitoring:report-delete": pk_of("report"),
    # jobs
    "jobs:job": lambda w: {"job_id": w.job.pk},
    # certificates
    "certificates:verify-form": lambda w: Target({}, "?code="),
    "certificates:verify": lambda w: {"code": certificate(w).code},
    "certificates:list": code,
    "certificates:signatories": code,
    "certificates:pdf": lambda w: {"pk": certificate(w).pk},
    "certificates:revoke": lambda w: {"pk": certificate(w).pk},
    "api-certificate-verify": lambda w: {"code": certificate(w).code},
    "certificate-list": by_province,
    # stored files: one of each kind, of a private row
    "core:file": lambda w: stored_files(w.files),
    "api-file": lambda w: stored_files(w.files),
    # knowledge: the public pages of the province, then its drafts and published items
    "knowledge:province": both_provinces,
    "knowledge:news-list": both_provinces,
    "knowledge:feed-rss": both_provinces,
    "knowledge:feed-atom": both_provinces,
    "knowledge:search": lambda w: Target({}, "?q=confidential"),
    "knowledge:manage": code,
    "knowledge:case-to-news": lambda w: {"pk": w.published["case"].pk},
    "knowledge:resolution-add": lambda w: {"pk": w.published["assembly"].pk},
    "knowledge:adoption-add": lambda w: {
        "pk": w.published["assembly"].pk,
        "resolution_id": w.resolution.pk,
    },
    # surveys
    "surveys:index": lambda w: {},
    "surveys:national": lambda w: {},
    "surveys:instrument-upload": lambda w: {},
    "surveys:instrument": lambda w: {"pk": w.instrument.pk},
    "surveys:instrument-workbook": lambda w: {"pk": w.instrument.pk, "number": w.version.number},
    "surveys:instrument-scoring": lambda w: {"pk": w.instrument.pk, "number": w.version.number},
    "surveys:round-new": lambda w: {},
    "surveys:round": pk_of("survey_round"),
    "surveys:round-delete": pk_of("survey_round"),
    "surveys:import-upload": pk_of("survey_round"),
    "surveys:results": pk_of("survey_round"),
    "surveys:results-pdf": pk_of("survey_round"),
    "surveys:results-xlsx": pk_of("survey_round"),
    "surveys:responses-csv": pk_of("survey_round"),
    "surveys:school-results": lambda w: {
        "pk": w.survey_round.pk,
        "school_id": w.round_school.organisation_id,
    },
    "surveys:school-pdf": lambda w: {
        "pk": w.survey_round.pk,
        "school_id": w.round_school.organisation_id,
    },
    "surveys:school-devices": lambda w: {
        "pk": w.survey_round.pk,
        "school_id": w.round_school.organisation_id,
    },
    "surveys:import": pk_of("response_import"),
    "surveys:answer": lambda w: {"token": w.round_school.token},
    "surveys:answer-step": lambda w: {"token": w.round_school.token, "number": 1},
    "surveys:answer-done": lambda w: {"token": w.round_school.token},
    # partnerships: the demo's meeting of 13 November 2020, its actions, partners and MOU
    "partnerships:meetings": code,
    "partnerships:meeting-create": code,
    "partnerships:board": code,
    "partnerships:partners": code,
    "partnerships:partner-create": code,
    "partnerships:mous": code,
    "partnerships:mou-create": code,
    "partnerships:meeting": lambda w: {"pk": _meeting().pk},
    "partnerships:meeting-edit": lambda w: {"pk": _meeting().pk},
    "partnerships:meeting-add": lambda w: [
        Target({"pk": _meeting().pk, "kind": kind})
        for kind in ("agenda", "participant", "decision")
    ],
    "partnerships:carry-forward": lambda w: {"pk": _meeting().pk},
    "partnerships:attendance-import": lambda w: {"pk": _meeting().pk},
    "partnerships:meeting-pdf": lambda w: {"pk": _meeting().pk},
    "partnerships:news-meeting": lambda w: {"post_id": _meeting().news_post_id},
    "partnerships:action-create": lambda w: {"decision_id": _meeting().decisions.first().pk},
    "partnerships:action-update": lambda w: {
        "pk": ActionItem.objects.filter(province_id=FIRST).order_by("pk").first().pk
    },
    "partnerships:partner": lambda w: {"pk": _partner().pk},
    "partnerships:partner-edit": lambda w: {"pk": _partner().pk},
    "partnerships:mou": lambda w: {"pk": _mou().pk},
    "partnerships:mou-edit": lambda w: {"pk": _mou().pk},
    "partnerships:party-add": lambda w: {"pk": _mou().pk},
    # framework
    "framework:index": lambda w: {},
    "framework:create": lambda w: {"kind": "virtue"},
    "framework:edit": lambda w: {"kind": "virtue", "pk": w.virtue.pk},
    # people: training and the trainers' register
    "people:courses": code,
    "people:course-create": code,
    "people:course": lambda w: {"pk": demo_course(w).pk},
    "people:course-edit": lambda w: {"pk": demo_course(w).pk},
    "people:batch-create": lambda w: {"course_id": demo_course(w).pk},
    "people:batch": lambda w: {"pk": demo_batch(w).pk},
    "people:batch-edit": lambda w: {"pk": demo_batch(w).pk},
    "people:session-create": lambda w: {"batch_id": demo_batch(w).pk},
    "people:session-edit": lambda w: {"pk": demo_batch(w).sessions.order_by("pk").first().pk},  # type: ignore[union-attr]
    "people:enrol": lambda w: {"batch_id": demo_batch(w).pk},
    "people:results": lambda w: {"batch_id": demo_batch(w).pk},
    "people:import": lambda w: {"batch_id": demo_batch(w).pk},
    "people:completers": lambda w: {"batch_id": demo_batch(w).pk},
    "people:batch-certificates": lambda w: {"batch_id": demo_batch(w).pk},
    "people:join": lambda w: {"token": demo_batch(w).enrol_token},
    "people:person": lambda w: {"pk": demo_trainee(w).person_id},
    "people:person-export": lambda w: {"pk": demo_trainee(w).person_id},
    "people:person-erase": lambda w: {"pk": demo_trainee(w).person_id},
    "people:trainers": code,
    "people:trainer-create": code,
    "people:trainer": lambda w: {"pk": demo_trainer(w).pk},
    "people:trainer-edit": lambda w: {"pk": demo_trainer(w).pk},
    "people:activity-trainers": lambda w: {"activity_id": w.activity.pk},
    "course-detail": lambda w: {"pk": demo_course(w).pk},
    "batch-detail": lambda w: {"pk": demo_batch(w).pk},
    "enrolment-detail": lambda w: {"pk": demo_trainee(w).pk},
    "attendance-detail": lambda w: {"pk": demo_trainee(w).attendances.order_by("pk").first().pk},  # type: ignore[union-attr]
    "trainer-detail": lambda w: {"pk": demo_trainer(w).pk},
    # the API
    "api-search": lambda w: Target({}, "?q=confidential"),
    "programme-detail": lambda w: {"province": FIRST},
    "network-detail": lambda w: {"pk": w.net8.pk},
    "organisation-detail": lambda w: {"pk": w.organisation.pk},
    "declaration-detail": pk_of("declaration"),
    "target-virtue-detail": pk_of("target"),
    "plan-detail": lambda w: {"pk": w.plan_draft.pk},
    "plan-approve": lambda w: [
        Target({"pk": w.plan_submitted.pk}),
        Target({"pk": w.own_plan_submitted.pk}),
    ],
    "plan-return-plan": lambda w: {"pk": w.plan_submitted.pk},
    "plan-revise": lambda w: {"pk": w.plan_approved.pk},
    "plan-submit": lambda w: {"pk": w.plan_draft.pk},
    "goal-detail": pk_of("goal"),
    "activity-detail": pk_of("activity"),
    "budget-line-detail": pk_of("line"),
    "indicator-detail": pk_of("indicator"),
    "indicator-value-detail": pk_of("value_submitted"),
    "indicator-value-approve": lambda w: [
        Target({"pk": w.value_submitted.pk}),
        Target({"pk": w.own_value_submitted.pk}),
    ],
    "indicator-value-return-value": pk_of("value_submitted"),
    "indicator-value-submit": pk_of("value_draft"),
    "activity-report-detail": pk_of("report"),
    "visit-detail": pk_of("visit"),
    "survey-instrument-list": lambda w: {},
    "survey-instrument-detail": lambda w: {"pk": w.version.pk},
    "survey-round-detail": pk_of("survey_round"),
    "survey-round-responses": pk_of("survey_round"),
    "survey-round-results": pk_of("survey_round"),
}
ARGS |= dict.fromkeys(API_LISTS, by_province)
ARGS |= dict.fromkeys(PARTNERSHIP_LISTS, by_province)
ARGS["meeting-detail"] = lambda w: {"pk": _meeting().pk}
ARGS["action-item-detail"] = lambda w: {
    "pk": ActionItem.objects.filter(province_id=FIRST).order_by("pk").first().pk
}
ARGS["partner-detail"] = lambda w: {"pk": _partner().pk}
ARGS["mou-detail"] = lambda w: {"pk": _mou().pk}
# Knowledge items: the page of a draft is private; editing and uploading are tried on a
# published item, which the outsider may read, and publishing on a draft.
for _kind in ("news", "case", "assembly", "research"):
    ARGS[f"knowledge:{_kind}"] = lambda w, k=_kind: {"pk": w.drafts[k].pk}
    ARGS[f"knowledge:{_kind}-create"] = code
    ARGS[f"knowledge:{_kind}-publish"] = lambda w, k=_kind: {"pk": w.drafts[k].pk}
    for _action in ("edit", "unpublish", "upload"):
        if (_kind, _action) != ("assembly", "upload"):
            ARGS[f"knowledge:{_kind}-{_action}"] = lambda w, k=_kind: {"pk": w.published[k].pk}
    # Deleting is tried on the draft; the knowledge URL conf lists it last, after the
    # actions that still need the item.
    ARGS[f"knowledge:{_kind}-delete"] = lambda w, k=_kind: {"pk": w.drafts[k].pk}
# Which photo or document to remove is posted: without one, the page says what is missing.
ARGS["knowledge:news-photo-delete"] = lambda w: {"pk": w.published["news"].pk}
for _kind in ("case", "research"):
    ARGS[f"knowledge:{_kind}-document-delete"] = lambda w, k=_kind: {"pk": w.published[k].pk}

# A published item's page is public: anyone gets it, with the text-size control.
PUBLISHED: dict[str, Args] = {
    f"knowledge:{kind}": lambda w, k=kind: {"pk": w.published[k].pk}
    for kind in ("news", "case", "assembly", "research")
}
# And so are its photos and documents.
PUBLISHED["core:file"] = lambda w: stored_files(w.public_files)
# Public pages that show a marked row by design: the survey's web form names its round.
SHOWN_BY_DESIGN = {
    "people:join": {f"{MARK}COURSE"},
    "surveys:answer": {f"{MARK}ROUND"},
    "surveys:answer-step": {f"{MARK}ROUND"},
    "surveys:answer-done": {f"{MARK}ROUND"},
    # A certificate's verification page names its holder, as the paper does.
    "certificates:verify": {f"{MARK}CERTIFICATE"},
    "api-certificate-verify": {f"{MARK}CERTIFICATE"},
}
# Pages that answer htmx with a fragment (a template whose name starts with "_").
PARTIALS = {"organisations:directory", "jobs:job", "organisations:lookup"}

# --- who must be refused which writes -----------------------------------------------------------

# Roles of Surat Thani: its `admin`, `coordinator` of the education network (3),
# `reporter` of a school in it, `evaluator` (academic partner), `viewer` of the province.
# The rows written are chosen so that only the admins may write them: network 8's plan,
# indicator and organisation, the province's own declaration and target virtue.
BELOW_ADMIN = ("coordinator", "reporter", "evaluator", "viewer")
NATIONAL_ONLY = ("admin", *BELOW_ADMIN)
NOT_KNOWLEDGE_WRITERS = ("reporter", "viewer")  # admins, evaluators, coordinators write
NOT_VISIT_WRITERS = ("coordinator", "reporter", "viewer")  # admins and evaluators visit
NOT_SURVEY_RUNNERS = ("coordinator", "reporter", "viewer")  # admins and evaluators run rounds
NOT_TRAINING_WRITERS = ("coordinator", "reporter", "viewer")  # admins and evaluators run courses

REFUSED: dict[str, tuple[str, ...]] = {
    # Another person's token or invitation is a 404 to everyone but its owner (and, for
    # cancelling an invitation, the admins of its province).
    "accounts:token-revoke": BELOW_ADMIN,
    "accounts:invitation": BELOW_ADMIN,
    "accounts:invitation-cancel": BELOW_ADMIN,
    "organisations:people": BELOW_ADMIN,
    "organisations:role-revoke": BELOW_ADMIN,
    "organisations:programme-create": NATIONAL_ONLY,
    "organisations:programme-edit": BELOW_ADMIN,
    "organisations:programme-year-add": BELOW_ADMIN,
    "organisations:programme-year-remove": BELOW_ADMIN,
    "organisations:network-create": BELOW_ADMIN,
    "organisations:organisation-create": BELOW_ADMIN,
    "organisations:network-edit": BELOW_ADMIN,
    "organisations:member-add": BELOW_ADMIN,
    "organisations:member-remove": BELOW_ADMIN,
    "organisations:organisation-edit": BELOW_ADMIN,
    "plans:plan-create": BELOW_ADMIN,
    "plans:year-import": BELOW_ADMIN,
    "plans:declaration-create": BELOW_ADMIN,
    "plans:target-create": BELOW_ADMIN,
    "plans:declaration-edit": BELOW_ADMIN,
    "plans:target-edit": BELOW_ADMIN,
    "plans:unit-row-delete": BELOW_ADMIN,
    "plans:plan-review": BELOW_ADMIN,
    "plans:goal-create": BELOW_ADMIN,
    "plans:activity-create": BELOW_ADMIN,
    "plans:goal-edit": BELOW_ADMIN,
    "plans:activity-edit": BELOW_ADMIN,
    "plans:budget-create": BELOW_ADMIN,
    "plans:budget-edit": BELOW_ADMIN,
    "plans:delete": BELOW_ADMIN,
    "monitoring:indicator-create": BELOW_ADMIN,
    "monitoring:periods": BELOW_ADMIN,
    "monitoring:period-unlock": BELOW_ADMIN,
    # Whoever reads the whole province may have its year's report made.
    "monitoring:year-report": ("coordinator", "reporter"),
    "monitoring:visit-create": NOT_VISIT_WRITERS,
    "monitoring:visit-edit": NOT_VISIT_WRITERS,
    "monitoring:indicator-edit": BELOW_ADMIN,
    "monitoring:target-set": BELOW_ADMIN,
    "monitoring:value-save": BELOW_ADMIN,
    "monitoring:value-compute": BELOW_ADMIN,
    "monitoring:value-review": BELOW_ADMIN,
    "monitoring:report-create": BELOW_ADMIN,
    "monitoring:report-delete": BELOW_ADMIN,
    "knowledge:case-to-news": NOT_KNOWLEDGE_WRITERS,
    "knowledge:resolution-add": NOT_KNOWLEDGE_WRITERS,
    "knowledge:adoption-add": NOT_KNOWLEDGE_WRITERS,
    "surveys:instrument-upload": NATIONAL_ONLY,
    "surveys:instrument-scoring": NATIONAL_ONLY,
    "surveys:round-new": NOT_SURVEY_RUNNERS,
    "surveys:import-upload": NOT_SURVEY_RUNNERS,
    "surveys:import": NOT_SURVEY_RUNNERS,
    "surveys:round-delete": NOT_SURVEY_RUNNERS,
    # The school's own reporter may switch it, as the round's managers may.
    "surveys:school-devices": ("coordinator", "viewer"),
    "certificates:signatories": BELOW_ADMIN,
    "certificates:revoke": BELOW_ADMIN,
    "framework:create": NATIONAL_ONLY,
    "framework:edit": NATIONAL_ONLY,
    "people:course-create": NOT_TRAINING_WRITERS,
    "people:course-edit": NOT_TRAINING_WRITERS,
    "people:batch-create": NOT_TRAINING_WRITERS,
    "people:batch-edit": NOT_TRAINING_WRITERS,
    "people:session-create": NOT_TRAINING_WRITERS,
    "people:session-edit": NOT_TRAINING_WRITERS,
    "people:enrol": NOT_TRAINING_WRITERS,
    "people:results": NOT_TRAINING_WRITERS,
    "people:import": NOT_TRAINING_WRITERS,
    "people:batch-certificates": NOT_TRAINING_WRITERS,
    # The export writes its audit entry: only the province's admins export or erase.
    "people:person-export": BELOW_ADMIN,
    "people:person-erase": BELOW_ADMIN,
    "people:trainer-create": BELOW_ADMIN,
    "people:trainer-edit": BELOW_ADMIN,
    # Network 8's plan: only the admins write it, and so pick its activity's trainers.
    "people:activity-trainers": BELOW_ADMIN,
    "programme-list": NATIONAL_ONLY,
    "programme-detail": BELOW_ADMIN,
    "network-list": BELOW_ADMIN,
    "network-detail": BELOW_ADMIN,
    "organisation-list": BELOW_ADMIN,
    "organisation-detail": BELOW_ADMIN,
    "declaration-list": BELOW_ADMIN,
    "declaration-detail": BELOW_ADMIN,
    "target-virtue-list": BELOW_ADMIN,
    "target-virtue-detail": BELOW_ADMIN,
    "plan-list": BELOW_ADMIN,
    "plan-detail": BELOW_ADMIN,
    "plan-approve": BELOW_ADMIN,
    "plan-return-plan": BELOW_ADMIN,
    "plan-revise": BELOW_ADMIN,
    "plan-submit": BELOW_ADMIN,
    "goal-list": BELOW_ADMIN,
    "goal-detail": BELOW_ADMIN,
    "activity-list": BELOW_ADMIN,
    "activity-detail": BELOW_ADMIN,
    "budget-line-list": BELOW_ADMIN,
    "budget-line-detail": BELOW_ADMIN,
    "indicator-list": BELOW_ADMIN,
    "indicator-detail": BELOW_ADMIN,
    "target-list": BELOW_ADMIN,
    "indicator-value-list": BELOW_ADMIN,
    "indicator-value-approve": BELOW_ADMIN,
    "indicator-value-return-value": BELOW_ADMIN,
    "indicator-value-submit": BELOW_ADMIN,
    "activity-report-list": BELOW_ADMIN,
    "visit-list": NOT_VISIT_WRITERS,
    "visit-detail": NOT_VISIT_WRITERS,
    "survey-round-responses": NOT_SURVEY_RUNNERS,
}
for _kind in ("news", "case", "assembly", "research"):
    for _action in ("edit", "create", "upload"):
        if (_kind, _action) != ("assembly", "upload"):
            REFUSED[f"knowledge:{_kind}-{_action}"] = NOT_KNOWLEDGE_WRITERS
    for _action in ("publish", "unpublish", "delete"):
        REFUSED[f"knowledge:{_kind}-{_action}"] = BELOW_ADMIN
for _name in ("news-photo-delete", "case-document-delete", "research-document-delete"):
    REFUSED[f"knowledge:{_name}"] = NOT_KNOWLEDGE_WRITERS
# A coordinator records their own network's meetings: the form opens for them; the demo's
# meetings are the province's working group's, which only its admins write.
REFUSED["partnerships:meeting-create"] = ("reporter", "evaluator", "viewer")
for _name in (
    "meeting-edit",
    "meeting-add",
    "carry-forward",
    "attendance-import",
    "action-create",
    "action-update",
    "partner-create",
    "partner-edit",
    "mou-create",
    "mou-edit",
    "party-add",
):
    REFUSED[f"partnerships:{_name}"] = BELOW_ADMIN

# Pages whose function takes POST but only reads: nobody writes through them.
READ = {
    "accounts:account",
    "organisations:lookup",
    "organisations:programme",
    "organisations:network",
    "organisations:directory",
    "organisations:organisation",
    "portal:audit-national",
    "portal:audit-province",
    "plans:year",
    "plans:integration",
    "plans:year-export",
    "plans:declaration",
    "plans:plan",
    "plans:plan-export",
    "plans:plan-pdf",
    "monitoring:indicators",
    "monitoring:iptt",
    "monitoring:dashboard",
    "monitoring:status",
    "monitoring:visits",
    "monitoring:indicator",
    "monitoring:records",
    "monitoring:plan-iptt",
    "monitoring:report",
    "jobs:job",
    "core:file",
    "knowledge:manage",
    "knowledge:news",
    "knowledge:case",
    "knowledge:assembly",
    "knowledge:research",
    "surveys:index",
    "surveys:national",
    "surveys:instrument",
    "surveys:instrument-workbook",
    "surveys:round",
    "surveys:results",
    "surveys:results-pdf",
    "surveys:results-xlsx",
    "surveys:responses-csv",
    "surveys:school-results",
    "surveys:school-pdf",
    "framework:index",
    "certificates:verify-form",
    "certificates:verify",
    "certificates:list",
    "certificates:pdf",
    "people:courses",
    "people:course",
    "people:batch",
    "people:completers",
    "people:person",
    "people:trainers",
    "people:trainer",
    "partnerships:meetings",
    "partnerships:board",
    "partnerships:partners",
    "partnerships:mous",
    "partnerships:meeting",
    "partnerships:meeting-pdf",
    "partnerships:news-meeting",
    "partnerships:partner",
    "partnerships:mou",
}

# Writes refused by validation rather than by status: the form (or the serializer's related
# fields) only offers rows the person may write, so the answer is the form again (200) or a
# 400 naming the field. The payload below is one the permitted person's write succeeds with.
VALIDATED = {
    "plans:year-import": "each sheet's unit is checked; a refused one is listed on the page",
    "surveys:round-new": "the form offers only the provinces where the person runs rounds",
} | dict.fromkeys(API_LISTS, "related fields only accept rows the person may write")

# Who may use a URL, to show that its refusals are not a wrong argument: the province admin,
# or the national admin for national pages.
NATIONAL_PAGES = {
    "organisations:programme-create",
    "portal:audit-national",
    "surveys:national",
    "surveys:instrument-upload",
    "surveys:instrument-scoring",
    "framework:create",
    "framework:edit",
    "programme-list",
}

Payload = Callable[[World], Any]


def _plan_workbook(w: World) -> dict[str, Any]:
    """Network 8's draft plan, exported, with one activity renamed: importing it changes it."""
    content = export_workbook([w.plan_draft], "สุราษฎร์ธานี", FY)
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == w.activity.title:
                    cell.value = f"{w.activity.title} (2)"
    buffer = io.BytesIO()
    book.save(buffer)
    return {"file": SimpleUploadedFile("plan.xlsx", buffer.getvalue())}


def _unit(w: World, **extra: Any) -> dict[str, Any]:
    """A year of network 8 with no commitments or plan yet: the demo's run to FY + 1."""
    return {"province": FIRST, "network": w.net8.pk, "fiscal_year": FY + 2, **extra}


PAYLOADS: dict[str, Payload] = {
    # The walk keeps sessions in signed cookies, which a changed password (rolled back after
    # the request) would leave stale for every later request: the old password is wrong, so
    # the form answers again and nothing changes. Changing it is tested in accounts.
    "accounts:password-change": lambda w: {
        "old_password": "not-the-walk-password",
        "new_password1": "a-new-walk-password-2565",
        "new_password2": "a-new-walk-password-2565",
    },
    "accounts:tokens": lambda w: {"name": "walk", "days": "30"},
    "accounts:invitation": lambda w: {"answer": "accept"},
    "plans:year-import": _plan_workbook,
    "surveys:round-new": lambda w: {
        "province": FIRST,
        "version": w.version.pk,
        "fiscal_year": 2570,
        "name": "รอบใหม่",
        "opens_on": "1/1/2570",
        "closes_on": "31/1/2570",
    },
    "programme-list": lambda w: {"province": "10", "name_th": "กรุงเทพมหานครจังหวัดคุณธรรม"},
    "network-list": lambda w: {"province": FIRST, "number": 9, "name_th": "เครือข่ายใหม่"},
    "organisation-list": lambda w: {
        "province": FIRST,
        "subdistrict": w.organisation.subdistrict_id,
        "kind": "school",
        "name_th": "โรงเรียนใหม่",
        "network": w.net8.pk,
    },
    "declaration-list": lambda w: _unit(w, text="ประกาศ", declared_on="2022-10-01"),
    "target-virtue-list": lambda w: _unit(
        w, problem_to_solve="ปัญหา", good_to_do="ความดี", virtues=[w.virtue.code]
    ),
    "plan-list": lambda w: _unit(w, title="แผนใหม่"),
    "goal-list": lambda w: {"plan": w.plan_draft.pk, "text": "เป้าหมายใหม่"},
    "activity-list": lambda w: {
        "plan": w.plan_draft.pk,
        "goal": w.goal.pk,
        "title": "กิจกรรมใหม่",
        "start": "2021-01-04",
        "end": "2021-01-05",
        "responsible": w.activity.responsible_id,
    },
    "budget-line-list": lambda w: {
        "activity": w.activity.pk,
        "source": "own",
        "amount": "1000",
        "state": "requested",
    },
    "indicator-list": lambda w: {
        "province": FIRST,
        "network": w.net8.pk,
        "code": "N8B",
        "name_th": "ตัวชี้วัดใหม่",
    },
    "target-list": lambda w: {
        "indicator": w.indicator.pk,
        "fiscal_year": FY,
        "period": "Q3",
        "value": "5",
    },
    "indicator-value-list": lambda w: {
        "indicator": w.indicator.pk,
        "fiscal_year": FY,
        "period": "Q3",
        "value": "5",
    },
    "activity-report-list": lambda w: {
        "activity": w.activity.pk,
        "held_on": "2021-01-04",
        "subdistrict": w.organisation.subdistrict_id,
        "participants": 10,
        "description": "รายงาน",
    },
    "visit-list": lambda w: {
        "province": FIRST,
        "visited_on": "2021-02-01",
        "team": "คณะ",
        "findings": "ข้อค้นพบ",
    },
    "survey-round-responses": lambda w: [],
    "certificates:revoke": lambda w: {"reason": "walk"},
    "certificates:signatories": lambda w: {
        "form-TOTAL_FORMS": 4,
        "form-INITIAL_FORMS": 0,
        "form-0-name": "ผู้ลงนาม",
        "form-0-position": "ตำแหน่ง",
    },
    "people:activity-trainers": lambda w: {"trainer": demo_trainer(w).pk},
    # The view needs a period: without one it fails with a KeyError.
    "monitoring:value-compute": lambda w: {"fiscal_year": FY, "period": "Q2"},
}

# Django's admin is for staff; these samples show that anyone else is sent to its login.
ADMIN_SAMPLES = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:audit_auditentry_changelist",
    "admin:accounts_user_add",
]
# Pages that are not ours: Django's admin and the Swagger page of the API documentation.
NOT_OUR_PAGES = {"api-docs"}
# Public URLs that answer everyone alike, so the anonymous walk covers them (the schema
# takes seconds to build).
SAME_FOR_EVERYONE = {"api-schema", "api-docs"}


# Assessments: the rows of network 8 that `assessments.tests.walk` makes.
ARGS |= {
    "assessments:index": lambda w: {},
    "assessments:national": lambda w: {},
    "assessments:criteria": lambda w: {},
    "assessments:criteria-create": lambda w: {},
    "assessments:criteria-detail": lambda w: {"pk": assessment_rows(w).version.pk},
    "assessments:item-create": lambda w: {"pk": assessment_rows(w).version.pk},
    "assessments:item-edit": lambda w: {"pk": assessment_rows(w).version.pk, "number": 5},
    "assessments:rules-edit": lambda w: {"pk": assessment_rows(w).version.pk},
    "assessments:publish": lambda w: {"pk": assessment_rows(w).version.pk},
    "assessments:round-create": code,
    "assessments:communities": code,
    "assessments:public": both_provinces,
    "assessments:board": lambda w: {"pk": assessment_rows(w).round.pk},
    "assessments:round-edit": lambda w: {"pk": assessment_rows(w).round.pk},
    "assessments:round-approve": lambda w: {"pk": assessment_rows(w).round.pk},
    "assessments:round-certificates": lambda w: {"pk": assessment_rows(w).round.pk},
    "assessments:assignment-remove": lambda w: {"pk": assessment_rows(w).assignment.pk},
    "assessments:assessment": lambda w: {"pk": assessment_rows(w).own.pk},
    "assessments:fill": lambda w: {"pk": assessment_rows(w).own.pk},
    "assessments:evidence-add": lambda w: {"pk": assessment_rows(w).own.pk},
    "assessments:evidence-delete": lambda w: {"pk": assessment_rows(w).evidence.pk},
    "assessments:verify": lambda w: {"pk": assessment_rows(w).submitted.pk},
    "assessments:reopen": lambda w: {"pk": assessment_rows(w).approved.pk},
}
PUBLIC["assessments:public"] = "a public programme's assessment results: counts and models"
SHARED |= {
    "assessments:index": "lists only the rounds and assessments the person may see",
    "assessments:criteria": "the national assessment criteria",
    "assessments:criteria-detail": "national assessment criteria",
}
NATIONAL_PAGES |= {
    "assessments:national",
    "assessments:criteria-create",
    "assessments:item-create",
    "assessments:item-edit",
    "assessments:rules-edit",
    "assessments:publish",
}
READ |= {
    "assessments:index",
    "assessments:national",
    "assessments:criteria",
    "assessments:criteria-detail",
    "assessments:board",
    "assessments:assessment",
}
REFUSED |= dict.fromkeys(
    (
        "assessments:criteria-create",
        "assessments:item-create",
        "assessments:item-edit",
        "assessments:rules-edit",
        "assessments:publish",
    ),
    NATIONAL_ONLY,
) | dict.fromkeys(
    (
        "assessments:round-create",
        "assessments:communities",
        "assessments:round-edit",
        "assessments:round-approve",
        "assessments:round-certificates",
        "assessments:assignment-remove",
        "assessments:fill",
        "assessments:evidence-add",
        "assessments:evidence-delete",
        "assessments:verify",
        "assessments:reopen",
    ),
    BELOW_ADMIN,
)


# Assessments in and out of Excel, and through the API.
ARGS |= {
    "assessments:criteria-import": lambda w: {},
    "assessments:criteria-workbook": lambda w: {"pk": assessment_rows(w).version.pk},
    "assessments:results-import": lambda w: {"pk": assessment_rows(w).round.pk},
    "assessments:results-template": lambda w: {
        "pk": assessment_rows(w).round.pk,
        "unit_type": "organisation",
    },
    "assessments:results-export": lambda w: {"pk": assessment_rows(w).round.pk},
    "assessment-criteria-list": lambda w: {},
    "assessment-criteria-detail": lambda w: {"pk": assessment_rows(w).version.pk},
    "assessment-round-list": lambda w: {},
    "assessment-round-detail": lambda w: {"pk": assessment_rows(w).round.pk},
    "assessment-round-levels": lambda w: {"pk": assessment_rows(w).round.pk},
    "assessment-list": lambda w: {},
    "assessment-detail": lambda w: {"pk": assessment_rows(w).own.pk},
    "assessment-submit": lambda w: {"pk": assessment_rows(w).own.pk},
    "assessment-verify": lambda w: {"pk": assessment_rows(w).submitted.pk},
    "assessment-return-assessment": lambda w: {"pk": assessment_rows(w).submitted.pk},
    "assessment-approve": lambda w: {"pk": assessment_rows(w).submitted.pk},
}
SHARED |= {
    "assessments:criteria-workbook": "national assessment criteria as a workbook",
    "assessment-criteria-list": "the national assessment criteria",
    "assessment-criteria-detail": "national assessment criteria",
    "assessment-round-list": "lists only the rounds the person may see",
    "assessment-list": "lists only the assessments the person may see",
}
NATIONAL_PAGES |= {"assessments:criteria-import"}
READ |= {
    "assessments:criteria-workbook",
    "assessments:results-template",
    "assessments:results-export",
}
REFUSED |= {"assessments:criteria-import": NATIONAL_ONLY} | dict.fromkeys(
    (
        "assessments:results-import",
        "assessment-submit",
        "assessment-verify",
        "assessment-return-assessment",
        "assessment-approve",
    ),
    BELOW_ADMIN,
)


# --- the walk -----------------------------------------------------------------------------------


def targets(route: Route, world: World, table: dict[str, Args] = ARGS) -> list[Target]:
    found = table[route.key](world) if route.key in table else {}
    listed = found if isinstance(found, list) else [found]
    return [t if isinstance(t, Target) else Target(t) for t in listed]


def url(route: Route, target: Target) -> str:
    return reverse(route.key, kwargs=target.kwargs) + target.query


def walked() -> list[Route]:
    """The routes the walk reaches; the admin's are covered by their own test."""
    return [r for r in urlwalk.routes() if not r.is_admin]


def hidden_from(role: str) -> tuple[str, ...]:
    """The marks a role must never see: visitors see no private row of either province."""
    return (MARK, OWN_MARK) if role == "anonymous" else (MARK,)


def is_partial(outcome: Outcome) -> bool:
    return any(name.rsplit("/", 1)[-1].startswith("_") for name in outcome.templates[:1])


# Sessions in signed cookies: the walk sends over a thousand requests, and reading the
# session row and the person on each one is most of what a refused request costs.
@override_settings(
    MEDIA_ROOT=urlwalk.MEDIA_ROOT, SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"
)
class EveryUrlTests(TestCase):
    world: World
    answers: dict[tuple[str, str, bool], Outcome]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # A GET changes nothing the walk reads, and every test starts from the same rows:
        # each role fetches each URL once for all the tests of the class.
        cls.answers = {}
        # Printing is tested with the PDFs themselves; here only who gets the file matters,
        # and WeasyPrint takes seconds a document.
        cls.enterClassContext(mock.patch("weasyprint.HTML.write_pdf", return_value=b"%PDF-"))
        # Every refusal would print a warning, with a traceback for each 403.
        logger = logging.getLogger("django.request")
        cls.addClassCleanup(logger.setLevel, logger.level)
        logger.setLevel(logging.ERROR)

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = urlwalk.build_world()

    def setUp(self) -> None:
        self.clients = {
            role: urlwalk.client_for(self.world.people.get(role))
            for role in ("anonymous", "outsider", "national", *NATIONAL_ONLY)
        }

    def send(
        self, role: str, method: str, route: Route, target: Target, htmx: bool = False
    ) -> Outcome:
        data = PAYLOADS[route.key](self.world) if route.key in PAYLOADS else None
        address = url(route, target)
        return urlwalk.send(self.clients[role], method, address, data, api=route.is_api, htmx=htmx)

    def get(self, role: str, route: Route, target: Target, htmx: bool = False) -> Outcome:
        key = (role, url(route, target), htmx)
        if key not in self.answers:
            self.answers[key] = self.send(role, "GET", route, target, htmx)
        return self.answers[key]

    def assert_no_problems(self, problems: list[str]) -> None:
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def assert_known_leaks(self, found: dict[Leak, str], methods: tuple[str, ...]) -> None:
        known = {leak for leak in KNOWN_LEAKS if leak[1] in methods}
        problems = [f"new leak {leak}: {found[leak]}" for leak in sorted(found.keys() - known)]
        problems += [
            f"{leak} no longer leaks: remove it from KNOWN_LEAKS"
            for leak in sorted(known - found.keys())
        ]
        self.assert_no_problems(problems)

    # --- the tables ---

    def test_every_url_is_named_in_the_tables(self):
        problems = [problem for route in walked() for problem in self.unnamed(route)]
        keys = {route.key for route in urlwalk.routes()}
        tables = {
            "ARGS": ARGS,
            "PUBLIC": PUBLIC,
            "SHARED": SHARED,
            "REFUSED": REFUSED,
            "READ": READ,
            "VALIDATED": VALIDATED,
            "PAYLOADS": PAYLOADS,
            "PUBLISHED": PUBLISHED,
            "PARTIALS": PARTIALS,
            "NATIONAL_PAGES": NATIONAL_PAGES,
            "SAME_FOR_EVERYONE": SAME_FOR_EVERYONE,
            "OWN_ACCOUNT": OWN_ACCOUNT,
        }
        for table, names in tables.items():
            stale = [k for k in names if k not in keys]
            problems += [f"{table} names {k}, not in the URL conf" for k in stale]
        self.assert_no_problems(problems)

    def unnamed(self, route: Route) -> list[str]:
        where = f"{route.key} ({route.route})"
        if route.key not in ARGS and route.key not in PUBLIC:
            return [f"{where}: add it to ARGS (its arguments from the world) or PUBLIC (why)"]
        if route.params and route.key not in ARGS:
            return [f"{where}: add its arguments to ARGS"]
        if route.writes and route.key not in PUBLIC | REFUSED | OWN_ACCOUNT | dict.fromkeys(READ):
            methods = "/".join(route.writes)
            return [f"{where} takes {methods}: name in REFUSED who may not, or add it to READ"]
        return []

    # --- reading ---

    def test_anonymous_visitors_get_only_the_public_pages(self):
        self.assert_reads_refused("anonymous")

    def test_the_outsider_gets_nothing_of_the_province(self):
        self.assert_reads_refused("outsider")

    def assert_reads_refused(self, role: str) -> None:
        found: dict[Leak, str] = {}
        problems: list[str] = []
        for route in walked():
            if role != "anonymous" and route.key in SAME_FOR_EVERYONE:
                continue
            for target in targets(route, self.world):
                for htmx in (False, True) if route.key in PARTIALS else (False,):
                    outcome = self.get(role, route, target, htmx)
                    if outcome.error:
                        problems.append(f"GET {route.key} as {role} {outcome.describe()}")
                    elif not self.read_refused(route, role, outcome):
                        found[(route.key, "GET", role)] = outcome.describe()
        self.assert_no_problems(problems)
        self.assert_known_leaks({k: v for k, v in found.items() if k[2] == role}, ("GET",))

    def read_refused(self, route: Route, role: str, outcome: Outcome) -> bool:
        if outcome.marks(*hidden_from(role)) - SHOWN_BY_DESIGN.get(route.key, set()):
            return False
        shared = route.key in SHARED and role != "anonymous"
        return route.key in PUBLIC or shared or outcome.refused

    # --- writing ---

    def test_every_write_is_refused_to_those_who_may_not_make_it(self):
        found: dict[Leak, str] = {}
        problems: list[str] = []
        for route in walked():
            if route.key in PUBLIC or not route.writes:
                continue
            outside = ("anonymous",) if route.key in OWN_ACCOUNT else ("anonymous", "outsider")
            for role in (*outside, *REFUSED.get(route.key, ())):
                for target in targets(route, self.world):
                    for method in route.writes:
                        outcome = self.send(role, method, route, target)
                        if outcome.error:
                            problems.append(f"{method} {route.key} as {role} {outcome.describe()}")
                        elif not self.write_refused(route, role, outcome):
                            found[(route.key, method, role)] = outcome.describe()
        self.assert_no_problems(problems)
        self.assert_known_leaks(found, urlwalk.WRITE_METHODS)

    def write_refused(self, route: Route, role: str, outcome: Outcome) -> bool:
        outside = role in ("anonymous", "outsider")
        if outcome.changed or (outside and outcome.marks(*hidden_from(role))):
            return False
        validated = route.key in VALIDATED and outcome.status == (400 if route.is_api else 200)
        only_reads = route.key in READ and route.key in SHARED and role == "outsider"
        return outcome.refused or validated or only_reads

    # --- those who may ---

    def test_those_who_may_see_a_page_get_it_with_the_text_size_control(self):
        problems: list[str] = []
        for route in walked():
            if route.key in PUBLIC:
                problems += self.check_public(route)
            else:
                problems += self.check_private(route)
            for target in targets(route, self.world, PUBLISHED) if route.key in PUBLISHED else []:
                problems += self.check_page(
                    route, "anonymous", self.get("anonymous", route, target)
                )
        self.assert_no_problems(problems)

    def check_private(self, route: Route) -> list[str]:
        role = "national" if route.key in NATIONAL_PAGES else "admin"
        problems = []
        for target in targets(route, self.world):
            problems += self.check_page(route, role, self.get(role, route, target))
            if route.key in PARTIALS and not is_partial(self.get(role, route, target, True)):
                problems.append(f"{route.key} does not answer htmx with a fragment")
        return problems

    def check_public(self, route: Route) -> list[str]:
        """Visitors get a public page; its other targets (a private programme's) may refuse."""
        problems = []
        for n, target in enumerate(targets(route, self.world)):
            outcome = self.get("anonymous", route, target)
            problems += self.check_page(route, "anonymous", outcome, must_answer=n == 0)
        return problems

    def check_page(
        self, route: Route, role: str, outcome: Outcome, must_answer: bool = True
    ) -> list[str]:
        where = f"GET {route.key} as {role}"
        if outcome.error:
            return [f"{where} {outcome.describe()}"]
        post_only = outcome.status == 405 and route.writes
        if must_answer and outcome.refused and not post_only:
            return [f"{where} is refused ({outcome.describe()}): its ARGS reach nothing"]
        page = outcome.status == 200 and outcome.is_html and route.key not in NOT_OUR_PAGES
        if page and not is_partial(outcome) and b'class="textsize"' not in outcome.body:
            return [f"{where} has no text-size control"]
        return []

    def test_those_who_may_write_are_not_refused(self):
        problems: list[str] = []
        for route in walked():
            if route.key in PUBLIC or route.key in READ or not route.writes:
                continue
            role = "national" if route.key in NATIONAL_PAGES else "admin"
            for target in targets(route, self.world):
                for method in route.writes:
                    outcome = self.send(role, method, route, target)
                    where = f"{method} {route.key} {target.kwargs} as {role}"
                    if outcome.error or outcome.refused:
                        problems.append(f"{where}: {outcome.describe()}")
                    elif route.key in VALIDATED and not outcome.changed:
                        problems.append(f"{where} changed nothing: fix its PAYLOADS entry")
        self.assert_no_problems(problems)

    def test_no_answer_points_at_media_and_nothing_answers_there(self):
        """Every page, as the province admin and as a visitor, links stored files through the
        files view; the place Django would serve them from answers nobody."""
        problems = []
        for route in walked():
            role = "national" if route.key in NATIONAL_PAGES else "admin"
            for target in targets(route, self.world):
                outcome = self.get(role, route, target)
                if MEDIA.encode() in outcome.body:
                    problems.append(f"GET {route.key} as {role} points under {MEDIA}")
            for target in targets(route, self.world, PUBLISHED) if route.key in PUBLISHED else []:
                if MEDIA.encode() in self.get("anonymous", route, target).body:
                    problems.append(f"GET {route.key} as a visitor points under {MEDIA}")
        self.assert_no_problems(problems)
        for record in (*self.world.files.values(), *self.world.public_files.values()):
            name = getattr(record, kind_of(record).field).name
            outcome = urlwalk.send(self.clients["admin"], "GET", f"{MEDIA}{name}", api=False)
            self.assertEqual(outcome.status, 404, name)

    # --- the admin, and the marks themselves ---

    def test_the_django_admin_sends_whoever_is_not_staff_to_its_login(self):
        problems = []
        for role in ("anonymous", "outsider", "admin"):
            for name in ADMIN_SAMPLES:
                for method in ("GET", "POST"):
                    outcome = urlwalk.send(self.clients[role], method, reverse(name), api=False)
                    if not outcome.to_login or outcome.changed:
                        problems.append(f"{method} {name} as {role}: {outcome.describe()}")
        self.assert_no_problems(problems)

    def test_the_marks_are_in_the_pages_of_those_who_may_see_them(self):
        """Without this, a walk that found no mark could be a walk of empty pages."""
        seen = {
            ("admin", reverse("plans:plan", args=[self.world.plan_draft.pk])): f"{MARK}PLAN",
            ("admin", "/search/?q=confidential"): f"{MARK}NEWS",
            ("admin", "/api/v1/search/?q=confidential"): f"{MARK}NEWS",
            ("admin", f"/organisations/?q={MARK}"): f"{MARK}ORGANISATION",
            ("outsider", "/"): f"{OWN_MARK}PROGRAMME",
            ("outsider", "/api/v1/plans/"): f"{OWN_MARK}PLAN",
            ("outsider", "/api/v1/indicators/"): f"{OWN_MARK}INDICATOR",
            ("outsider", f"/p/{OTHER}/news/"): f"{OWN_MARK}NEWS",
        }
        for (role, path), mark in seen.items():
            with self.subTest(role=role, path=path):
                outcome = urlwalk.send(self.clients[role], "GET", path, api=True)
                self.assertIn(mark, outcome.marks(MARK, OWN_MARK))
