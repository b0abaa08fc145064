"""The walk over every URL of the site that `test_every_url` runs.

Three parts: the routes of the URL conf, found by walking the resolver; the world they are
reached in (the demo province, marked, plus rows of the outsider's own province); and one
request with what came back, including whether anything in the database changed.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from moralprovince.accounts.models import Role, RoleKind, User
from moralprovince.audit.models import AuditEntry
from moralprovince.core.workflow import ReviewStatus
from moralprovince.demo.services import load_demo
from moralprovince.framework.models import Virtue
from moralprovince.geo.models import Province, Subdistrict
from moralprovince.jobs.models import Job, JobFile
from moralprovince.knowledge import search
from moralprovince.knowledge.models import (
    Assembly,
    Document,
    LessonCase,
    NewsPhoto,
    NewsPost,
    Publication,
    ResearchProject,
    Resolution,
)
from moralprovince.monitoring.models import (
    ActivityReport,
    Evidence,
    Indicator,
    IndicatorValue,
    MonitoringVisit,
    PeriodLock,
)
from moralprovince.organisations.models import (
    Membership,
    Network,
    Organisation,
    OrganisationType,
    Programme,
    ProgrammeYear,
)
from moralprovince.partnerships.models import ActionItem, Meeting, Mou
from moralprovince.people.models import Course, Person
from moralprovince.plans.models import (
    Activity,
    BudgetLine,
    Declaration,
    Goal,
    Plan,
    TargetVirtue,
)
from moralprovince.surveys.models import Instrument, ResponseImport, RoundSchool, SurveyRound
from moralprovince.surveys.reference import REFERENCE_CODE

# Every private row of the first province carries this mark followed by its kind, so a page
# that shows one to someone outside is caught whatever its shape (HTML, JSON, CSV, XML).
MARK = "ZQ84"
# The outsider's own rows carry this one: their pages must show them.
OWN_MARK = "ZQ57"
FIRST, OTHER = "84", "57"
FY = 2564
MEDIA_ROOT = tempfile.mkdtemp(prefix="moralprovince-urlwalk-")

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
REFUSED_STATUSES = {401, 403, 404, 405}


# --- the routes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name (or its route when unnamed), its parameters and its writes."""

    key: str
    route: str
    params: frozenset[str]
    writes: tuple[str, ...]
    is_api: bool

    @property
    def is_admin(self) -> bool:
        return self.key.startswith("admin:") or self.route.startswith("admin/")


def routes() -> list[Route]:
    """Every pattern of the URL conf, the included ones too."""
    return list(_walk(get_resolver(), "", "", frozenset()))


def _walk(resolver: URLResolver, prefix: str, namespace: str, params: frozenset[str]) -> Any:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        found = params | _params(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            yield from _walk(entry, route, inner, found)
        else:
            yield _route(entry, route, namespace, found)


def _params(pattern: Any) -> frozenset[str]:
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return frozenset(converters)
    return frozenset(pattern.regex.groupindex)


def _route(entry: URLPattern, route: str, namespace: str, params: frozenset[str]) -> Route:
    key = ":".join(n for n in (namespace, entry.name) if n) if entry.name else route
    callback = entry.callback
    is_api = hasattr(callback, "cls")
    return Route(key, route, params, _write_methods(callback), is_api)


def _write_methods(callback: Any) -> tuple[str, ...]:
    """The write methods a view answers: a viewset's mapped actions, a class view's
    handlers, and POST for a function view (which may read it, even if it never writes)."""
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return tuple(m.upper() for m in actions if m.upper() in WRITE_METHODS)
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        return tuple(m for m in WRITE_METHODS if hasattr(view_class, m.lower()))
    return ("POST",)


# --- the world ----------------------------------------------------------------------------------


@dataclass
class World:
    """The rows every URL is reached with: the demo's Surat Thani (84) and Chiang Rai (57)."""

    people: dict[str, User]
    net8: Network
    year: ProgrammeYear
    organisation: Organisation
    viewer_role: Role
    plan_draft: Plan
    plan_submitted: Plan
    plan_approved: Plan
    # Submitted by the coordinator's own network: they may not approve it either.
    own_plan_submitted: Plan
    goal: Goal
    activity: Activity
    line: BudgetLine
    declaration: Declaration
    target: TargetVirtue
    indicator: Indicator
    computed_indicator: Indicator
    value_draft: IndicatorValue
    value_submitted: IndicatorValue
    own_value_submitted: IndicatorValue
    lock: PeriodLock
    report: ActivityReport
    visit: MonitoringVisit
    job: Job
    job_file: JobFile
    drafts: dict[str, Any]
    published: dict[str, Any]
    resolution: Resolution
    instrument: Instrument
    survey_round: SurveyRound
    round_school: RoundSchool
    response_import: ResponseImport
    virtue: Virtue
    own: dict[str, Any] = field(default_factory=dict)
    # Stored files of private rows (their content carries the mark), and of published ones.
    files: dict[str, Any] = field(default_factory=dict)
    public_files: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> Any:
        return self.survey_round.version


def build_world() -> World:
    """Load the demo, add the rows it lacks, and mark every private row of the province."""
    load_demo(password="walk-password")
    surat = Province.objects.get(pk=FIRST)
    people = _people(surat)
    net8 = Network.objects.get(province=surat, number=8)
    organisation = _organisation(surat, net8)
    plans = {
        p.network.number: p
        for p in Plan.objects.filter(province=surat, fiscal_year=FY, network__isnull=False)
    }
    plan_draft = plans[8]
    activity = _activity_of(plan_draft)
    indicator = Indicator.objects.get(province=surat, network=net8)
    survey_round, round_school = _survey_round(surat, people["admin"])
    world = World(
        people=people,
        net8=net8,
        year=ProgrammeYear.objects.filter(programme__province=surat).order_by("pk").first(),
        organisation=organisation,
        viewer_role=Role.objects.get(user=people["viewer"]),
        plan_draft=plan_draft,
        plan_submitted=plans[5],
        plan_approved=plans[1],
        own_plan_submitted=_submitted(plans[3]),
        goal=plan_draft.goals.get(),
        activity=activity,
        line=activity.budget_lines.order_by("pk").first(),
        declaration=Declaration.objects.get(
            province=surat, fiscal_year=FY, network=None, organisation=None
        ),
        target=TargetVirtue.objects.get(
            province=surat, fiscal_year=FY, network=None, organisation=None
        ),
        indicator=indicator,
        computed_indicator=Indicator.objects.get(province=surat, code="P1"),
        value_draft=_value(indicator, "Q3", "draft"),
        value_submitted=_value(indicator, "Q4", "submitted"),
        own_value_submitted=_value(
            Indicator.objects.get(province=surat, network__number=3), "Q4", "submitted"
        ),
        lock=PeriodLock.objects.create(province=surat, fiscal_year=FY, period="Q1"),
        report=_report_nobody_below_admin_writes(surat),
        visit=MonitoringVisit.objects.filter(province=surat).order_by("pk").first(),
        job=(job := _job(surat, people["admin"])),
        job_file=job.files.get(),
        drafts=_drafts(surat, organisation),
        published=_published(surat),
        resolution=Resolution.objects.get(assembly__province=surat),
        instrument=Instrument.objects.get(code=REFERENCE_CODE),
        survey_round=survey_round,
        round_school=round_school,
        response_import=_response_import(survey_round),
        virtue=Virtue.objects.order_by("pk").first(),
    )
    world.own = _own_rows(Province.objects.get(pk=OTHER))
    world.files, world.public_files = _files(world)
    _mark(FIRST)
    return world


def _people(surat: Province) -> dict[str, User]:
    names = {
        "national": "national",
        "admin": "province",
        "coordinator": "coordinator",
        "reporter": "reporter",
        "evaluator": "evaluator",
        "outsider": "outsider",
    }
    people = {role: User.objects.get(username=name) for role, name in names.items()}
    viewer = User.objects.create_user("viewer", display_name="Viewer")
    Role.objects.create(user=viewer, kind=RoleKind.VIEWER, province=surat)
    people["viewer"] = viewer
    return people


def _organisation(surat: Province, network: Network) -> Organisation:
    """An organisation of network 8 only, named in no public page."""
    organisation = Organisation(
        province=surat,
        name_th=f"{MARK}ORGANISATION โรงเรียนทดสอบ",
        kind=OrganisationType.objects.get(code="school"),
        subdistrict=Subdistrict.objects.filter(district__province=surat).order_by("code").first(),
    )
    organisation.refresh_search_text()
    organisation.save()
    Membership.objects.create(network=network, organisation=organisation)
    return organisation


def _activity_of(plan: Plan) -> Activity:
    """An activity whose responsible organisation is not one the coordinator or reporter
    writes for, so that only the province's admins may change or report it."""
    education = Membership.objects.filter(network__province=plan.province, network__number=3)
    activity = (
        plan.activities.exclude(responsible__in=education.values("organisation"))
        .order_by("pk")
        .first()
    )
    assert activity is not None and activity.budget_lines.exists(), "the demo changed"
    return activity


def _submitted(plan: Plan) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(status=ReviewStatus.SUBMITTED)
    plan.refresh_from_db()
    return plan


def _report_nobody_below_admin_writes(surat: Province) -> ActivityReport:
    education = Membership.objects.filter(network__province=surat, network__number=3)
    report = (
        ActivityReport.objects.filter(province=surat)
        .exclude(activity__plan__network__number=3)
        .exclude(activity__responsible__in=education.values("organisation"))
        .order_by("pk")
        .first()
    )
    assert report is not None, "the demo changed"
    return report


def _value(indicator: Indicator, period: str, status: str) -> IndicatorValue:
    """The period's value in the given status: the demo's own, if it has one, is changed."""
    value, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator,
        fiscal_year=FY,
        period=period,
        defaults={
            "province_id": indicator.province_id,
            "value": 3,
            "comment": f"{MARK}VALUE",
            "status": status,
        },
    )
    return value


def _job(surat: Province, admin: User) -> Job:
    job = Job.objects.create(
        kind="monitoring.year_report",
        province=surat,
        status=Job.Status.DONE,
        message=f"{MARK}JOB",
        created_by=admin,
    )
    JobFile.objects.create(
        job=job, label="report", file=ContentFile(f"{MARK}FILE".encode(), name="report.txt")
    )
    return job


def _drafts(surat: Province, organisation: Organisation) -> dict[str, Any]:
    """One draft of each kind of knowledge item: only the province's people see them."""
    drafts = {
        "news": NewsPost(title=f"{MARK}NEWS confidential", body="<p>draft</p>"),
        "case": LessonCase(
            title=f"{MARK}CASE confidential",
            organisation=organisation,
            context="draft",
            what_was_done="draft",
        ),
        "assembly": Assembly(
            title=f"{MARK}ASSEMBLY confidential",
            level=Assembly.Level.PROVINCIAL,
            held_on="2021-01-01",
        ),
        "research": ResearchProject(title=f"{MARK}RESEARCH confidential", lead=organisation),
    }
    for kind, item in drafts.items():
        item.province = surat
        item.save()
        search.index_item(
            kind,
            item.pk,
            title=item.title,
            texts=["confidential"],
            province_id=surat.pk,
            published=False,
            date=None,
            url=reverse(f"knowledge:{kind}", args=[item.pk]),
        )
    return drafts


def _published(surat: Province) -> dict[str, Any]:
    published = {"province": surat, "status": Publication.PUBLISHED}
    return {
        "news": NewsPost.objects.filter(**published).order_by("pk").first(),
        "case": LessonCase.objects.filter(**published).order_by("pk").first(),
        "assembly": Assembly.objects.filter(**published).order_by("pk").first(),
        "research": ResearchProject.objects.filter(**published).order_by("pk").first(),
    }


def _survey_round(surat: Province, admin: User) -> tuple[SurveyRound, RoundSchool]:
    version = Instrument.objects.get(code=REFERENCE_CODE).latest()
    survey_round = SurveyRound.objects.create(
        province=surat,
        version=version,
        fiscal_year=2569,
        name=f"{MARK}ROUND",
        opens_on="2020-01-01",
        closes_on="2099-12-31",
        created_by=admin,
    )
    school = Organisation.objects.filter(province=surat, kind__code="school").order_by("pk").first()
    return survey_round, RoundSchool.objects.create(round=survey_round, organisation=school)


def _response_import(survey_round: SurveyRound) -> ResponseImport:
    columns = ["submission_id", "school", "grade", "sex"]
    content = (",".join(columns) + "\n" + f"{MARK}ROW,1,1,1\n").encode()
    return ResponseImport.objects.create(
        round=survey_round,
        file=ContentFile(content, name="responses.csv"),
        original_name="responses.csv",
        sha256="0" * 64,
        kind="csv",
        encoding="utf-8",
        columns=columns,
        rows=1,
    )


def _files(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    """A stored file of each kind: of private rows, and of a published news post and case."""

    def marked(name: str) -> ContentFile[bytes]:
        return ContentFile(f"{MARK}FILE".encode(), name=name)

    w.declaration.document.save("signed.pdf", marked("signed.pdf"))
    w.value_submitted.evidence.save("value.pdf", marked("value.pdf"))
    private = {
        "job": w.job_file,
        "declaration": w.declaration,
        "value-evidence": w.value_submitted,
        "evidence": Evidence.objects.create(report=w.report, kind="image", file=marked("e.jpg")),
        "survey-import": w.response_import,
        "news-photo": NewsPhoto.objects.create(post=w.drafts["news"], image=marked("d.jpg")),
        "document": Document.objects.create(
            case=w.drafts["case"], title="draft", file=marked("d.pdf")
        ),
        "mou": _mou_with_document(marked("mou.pdf")),
    }
    public = {
        "news-photo": NewsPhoto.objects.create(
            post=w.published["news"], image=ContentFile(b"public", name="p.jpg")
        ),
        "document": Document.objects.create(
            case=w.published["case"], title="public", file=ContentFile(b"public", name="p.pdf")
        ),
    }
    return private, public


def _mou_with_document(document: ContentFile[bytes]) -> Mou:
    mou = Mou.objects.filter(province_id=FIRST).order_by("pk").first()
    assert mou is not None, "the demo changed"
    mou.document.save("mou.pdf", document)
    return mou


def _own_rows(province: Province) -> dict[str, Any]:
    """Rows of the outsider's own province, so their lists are not empty. Its programme is
    not public: visitors must not see its name."""
    Programme.objects.filter(province=province).update(
        name_th=Concat(Value(f"{OWN_MARK}PROGRAMME "), F("name_th"))
    )
    news = NewsPost.objects.create(province=province, title=f"{OWN_MARK}NEWS", body="<p>x</p>")
    return {
        "plan": Plan.objects.create(province=province, fiscal_year=FY, title=f"{OWN_MARK}PLAN"),
        "indicator": Indicator.objects.create(
            province=province, code="C1", name_th=f"{OWN_MARK}INDICATOR"
        ),
        "news": news,
    }


MARKED = [
    (Plan, "title", Q(province_id=FIRST)),
    (Goal, "text", Q(plan__province_id=FIRST)),
    (Activity, "title", Q(province_id=FIRST)),
    (BudgetLine, "note", Q(province_id=FIRST)),
    (Declaration, "text", Q(province_id=FIRST)),
    (TargetVirtue, "problem_to_solve", Q(province_id=FIRST)),
    (Indicator, "name_th", Q(province_id=FIRST)),
    (ActivityReport, "description", Q(province_id=FIRST)),
    (MonitoringVisit, "findings", Q(province_id=FIRST)),
    (User, "display_name", Q(roles__province_id=FIRST)),
    (Course, "title", Q(province_id=FIRST)),
    # Trainers who chose the public page are shown there by design.
    (Person, "name_th", Q(province_id=FIRST) & ~Q(trainer__is_public=True)),
    (Meeting, "title", Q(province_id=FIRST)),
    (ActionItem, "title", Q(province_id=FIRST)),
    (Mou, "title", Q(province_id=FIRST)),
]


def _mark(code: str) -> None:
    for model, name, rows in MARKED:
        tag = f"{MARK}{model.__name__.upper()} "
        ids = list(model.objects.filter(rows).values_list("pk", flat=True))
        model.objects.filter(pk__in=ids).update(**{name: Concat(Value(tag), F(name))})


# --- one request --------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What came back from one request, and what it changed."""

    status: int = 0
    location: str = ""
    content_type: str = ""
    body: bytes = b""
    templates: tuple[str, ...] = ()
    # The tables its INSERT, UPDATE and DELETE statements touched, in order.
    written: tuple[str, ...] = ()
    error: str = ""

    @property
    def audit_entries(self) -> int:
        return self.written.count(AuditEntry._meta.db_table)

    @property
    def to_login(self) -> bool:
        login = {reverse("accounts:login"), reverse("admin:login")}
        return self.status in (301, 302) and urlsplit(self.location).path in login

    @property
    def refused(self) -> bool:
        return self.status in REFUSED_STATUSES or self.to_login

    @property
    def changed(self) -> bool:
        return bool(self.written)

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    def marks(self, *marks: str) -> set[str]:
        """The marked rows it shows, of the first province unless other marks are named."""
        pattern = b"(?:" + b"|".join(m.encode() for m in marks or (MARK,)) + rb")[A-Z]+"
        return {m.decode() for m in re.findall(pattern, self.body)}

    def describe(self) -> str:
        if self.error:
            return f"raised {self.error}"
        text = f"{self.status} {self.content_type or '-'}".strip()
        if self.location:
            text += f" to {self.location}"
        if self.marks():
            text += f", showing {', '.join(sorted(self.marks()))}"
        if self.changed:
            tables = ", ".join(sorted(set(self.written))) or "-"
            text += f", {self.audit_entries} audit entries, wrote {tables}"
        return text


class WriteRecorder:
    """Notes the tables that INSERT, UPDATE and DELETE statements touch."""

    STATEMENT = re.compile(
        r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE
    )
    # The session holds the signed-in person and the survey answers in progress.
    IGNORED = {"django_session"}

    def __init__(self) -> None:
        self.tables: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        match = self.STATEMENT.match(sql)
        if match and match.group(1) not in self.IGNORED:
            self.tables.append(match.group(1))
        return execute(sql, params, many, context)


def send(
    client: Client, method: str, url: str, data: Any = None, *, api: bool, htmx: bool = False
) -> Outcome:
    """Send one request in a savepoint that is rolled back, and say what it wrote."""
    recorder = WriteRecorder()
    outcome = Outcome()
    try:
        with transaction.atomic():
            with connection.execute_wrapper(recorder):
                headers = {"HX-Request": "true"} if htmx else {}
                response = _request(client, method, url, data, api, headers)
            outcome = _outcome(response)
            transaction.set_rollback(True)
    # Any crash is reported with its URL, and the walk goes on.
    except Exception as error:
        outcome.error = f"{type(error).__name__}: {error}"[:300]
    outcome.written = tuple(recorder.tables)
    return outcome


def _request(client: Client, method: str, url: str, data: Any, api: bool, headers: Any) -> Any:
    call = getattr(client, method.lower())
    if api and method in WRITE_METHODS:
        return call(url, data or {}, content_type="application/json", headers=headers)
    if method in WRITE_METHODS:
        return call(url, data or {}, headers=headers)
    return call(url, headers=headers)


def _outcome(response: Any) -> Outcome:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return Outcome(
        status=response.status_code,
        location=response.get("Location", ""),
        content_type=response.get("Content-Type", ""),
        body=body,
        templates=tuple(t.name for t in getattr(response, "templates", []) if t.name),
    )


def client_for(person: User | None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client
