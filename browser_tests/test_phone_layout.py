"""Every main page on a phone (360 × 740): nothing scrolls sideways and the header stays small.

Each role opens the pages it works with. A page may hold a wide table, but that table
scrolls inside its own wrapper (`.table-wrap`); the page itself never scrolls sideways.
The header (name, text size and the folded "เมนู") must take less than a fifth of the
screen, as it does once the menu collapses.

Pages of other areas still too wide are listed in `KNOWN_TOO_WIDE` with what overflows;
the test fails when a new page overflows, and when a listed one is fixed (then remove it).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from browser_tests.conftest import log_in

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740
HEADER_SHARE = 0.20

# (role, URL name): what overflows. Each is a template of another area, to fix there.
KNOWN_TOO_WIDE: dict[tuple[str, str], str] = {}


def _ids() -> dict[str, object]:
    """The demo rows the pages are about."""
    from moralprovince.knowledge.models import Assembly, LessonCase, NewsPost, ResearchProject
    from moralprovince.monitoring.models import ActivityReport, Indicator
    from moralprovince.organisations.models import Network, Organisation
    from moralprovince.plans.models import Declaration, Plan
    from moralprovince.surveys.models import Instrument

    education = Network.objects.get(province_id="84", number=3)
    return {
        "network": education.pk,
        "plan": Plan.objects.get(network=education, fiscal_year=2564).pk,
        "province_plan": Plan.objects.get(
            province_id="84", network=None, organisation=None, fiscal_year=2564
        ).pk,
        "indicator": Indicator.objects.get(province_id="84", network=education).pk,
        "report": ActivityReport.objects.filter(network=education).first().pk,  # type: ignore[union-attr]
        "school": Organisation.objects.get(roles__user__username="reporter").pk,
        "organisation": Organisation.objects.filter(province_id="84").first().pk,  # type: ignore[union-attr]
        "news": NewsPost.objects.filter(province_id="84").first().pk,  # type: ignore[union-attr]
        "case": LessonCase.objects.first().pk,  # type: ignore[union-attr]
        "assembly": Assembly.objects.first().pk,  # type: ignore[union-attr]
        "research": ResearchProject.objects.first().pk,  # type: ignore[union-attr]
        "declaration": Declaration.objects.filter(province_id="84", network=None, organisation=None)
        .order_by("pk")
        .first()
        .pk,  # type: ignore[union-attr]
        "instrument": Instrument.objects.first().pk,  # type: ignore[union-attr]
        **_later_ids(),
    }


def _later_ids() -> dict[str, object]:
    """The demo rows of assessments, training, meetings and partners."""
    from moralprovince.assessments.models import Assessment, Round, UnitType
    from moralprovince.partnerships.models import Meeting, Mou
    from moralprovince.people.models import Batch, Course, Partner, Trainer

    rnd = Round.objects.get(province_id="84", fiscal_year=2564)
    school = Assessment.objects.get(round=rnd, organisation__roles__user__username="reporter")
    return {
        "round": rnd.pk,
        "own_assessment": school.pk,
        "province_assessment": Assessment.objects.get(round=rnd, unit_type=UnitType.PROVINCE).pk,
        "course": Course.objects.filter(province_id="84").first().pk,  # type: ignore[union-attr]
        "batch": Batch.objects.filter(course__province_id="84").first().pk,  # type: ignore[union-attr]
        "trainer": Trainer.objects.filter(province_id="84").first().pk,  # type: ignore[union-attr]
        "meeting": Meeting.objects.filter(province_id="84").first().pk,  # type: ignore[union-attr]
        "partner": Partner.objects.filter(province_id="84").first().pk,  # type: ignore[union-attr]
        "mou": Mou.objects.filter(province_id="84").first().pk,  # type: ignore[union-attr]
    }


def _pages(role: str, ids: dict[str, object]) -> dict[str, str]:
    """URL name (as the report names it) → address, for the pages each role works with."""
    fy = "?fy=2564"
    public = {
        "portal:home": reverse("portal:home"),
        "knowledge:province": reverse("knowledge:province", args=["84"]),
        "knowledge:news-list": reverse("knowledge:news-list", args=["84"]),
        "knowledge:news": reverse("knowledge:news", args=[ids["news"]]),
        "knowledge:search": reverse("knowledge:search") + "?q=คุณธรรม",
        "assessments:public": reverse("assessments:public", args=["84"]),
        "certificates:verify-form": reverse("certificates:verify-form"),
    }
    signed_in = {
        "portal:home": reverse("portal:home"),
        "organisations:programme": reverse("organisations:programme", args=["84"]),
        "organisations:directory": reverse("organisations:directory"),
        "organisations:network": reverse("organisations:network", args=[ids["network"]]),
        "organisations:organisation": reverse("organisations:organisation", args=[ids["school"]]),
        "plans:year": reverse("plans:year", args=["84", 2564]),
        "plans:plan": reverse("plans:plan", args=[ids["plan"]]),
        "plans:declaration": reverse("plans:declaration", args=[ids["declaration"]]),
        "monitoring:indicators": reverse("monitoring:indicators", args=["84"]) + fy,
        "monitoring:indicator": reverse("monitoring:indicator", args=[ids["indicator"]]) + fy,
        "monitoring:report": reverse("monitoring:report", args=[ids["report"]]),
        "knowledge:case": reverse("knowledge:case", args=[ids["case"]]),
        "knowledge:assembly": reverse("knowledge:assembly", args=[ids["assembly"]]),
        "knowledge:research": reverse("knowledge:research", args=[ids["research"]]),
        "framework:index": reverse("framework:index"),
        "surveys:index": reverse("surveys:index"),
        "surveys:instrument": reverse("surveys:instrument", args=[ids["instrument"]]),
        "assessments:index": reverse("assessments:index"),
    }
    reads_all = {
        "plans:integration": reverse("plans:integration", args=["84", 2564]),
        "monitoring:dashboard": reverse("monitoring:dashboard", args=["84"]) + fy,
        "monitoring:iptt": reverse("monitoring:iptt", args=["84"]) + fy,
        "monitoring:status": reverse("monitoring:status", args=["84"]),
        "monitoring:visits": reverse("monitoring:visits", args=["84"]),
        "assessments:board": reverse("assessments:board", args=[ids["round"]]),
        "assessments:assessment": reverse("assessments:assessment", args=[ids["own_assessment"]]),
    }
    admin = {
        "plans:plan (province)": reverse("plans:plan", args=[ids["province_plan"]]),
        "organisations:people": reverse("organisations:people", args=["84"]),
        "monitoring:periods": reverse("monitoring:periods", args=["84"]),
        "knowledge:manage": reverse("knowledge:manage", args=["84"]),
        "portal:audit-province": reverse("portal:audit-province", args=["84"]),
        "organisations:programme-edit": reverse("organisations:programme-edit", args=["84"]),
        "organisations:organisation-create": reverse(
            "organisations:organisation-create", args=["84"]
        ),
        "monitoring:indicator-create": reverse("monitoring:indicator-create", args=["84"]),
        "monitoring:visit-create": reverse("monitoring:visit-create", args=["84"]),
        "knowledge:news-create": reverse("knowledge:news-create", args=["84"]),
        "surveys:round-new": reverse("surveys:round-new"),
        "assessments:criteria": reverse("assessments:criteria"),
        "assessments:round-create": reverse("assessments:round-create", args=["84"]),
        "assessments:assessment (province)": reverse(
            "assessments:assessment", args=[ids["province_assessment"]]
        ),
        "people:courses": reverse("people:courses", args=["84"]),
        "people:course": reverse("people:course", args=[ids["course"]]),
        "people:batch": reverse("people:batch", args=[ids["batch"]]),
        "people:completers": reverse("people:completers", args=[ids["batch"]]),
        "people:trainers": reverse("people:trainers", args=["84"]),
        "people:trainer": reverse("people:trainer", args=[ids["trainer"]]),
        "partnerships:meetings": reverse("partnerships:meetings", args=["84"]),
        "partnerships:meeting": reverse("partnerships:meeting", args=[ids["meeting"]]),
        "partnerships:meeting-create": reverse("partnerships:meeting-create", args=["84"]),
        "partnerships:board": reverse("partnerships:board", args=["84"]),
        "partnerships:partners": reverse("partnerships:partners", args=["84"]),
        "partnerships:partner": reverse("partnerships:partner", args=[ids["partner"]]),
        "partnerships:mous": reverse("partnerships:mous", args=["84"]),
        "partnerships:mou": reverse("partnerships:mou", args=[ids["mou"]]),
        "certificates:list": reverse("certificates:list", args=["84"]),
        "certificates:signatories": reverse("certificates:signatories", args=["84"]),
    }
    writer = {
        "monitoring:report-create": reverse(
            "monitoring:report-create",
            args=[_first_activity(ids["plan"])],
        ),
        "plans:activity-create": reverse("plans:activity-create", args=[ids["plan"]]),
    }
    reporter = {
        "portal:home": reverse("portal:home"),
        "organisations:organisation": reverse("organisations:organisation", args=[ids["school"]]),
        "plans:year": reverse("plans:year", args=["84", 2564]),
        "plans:plan-create": reverse("plans:plan-create", args=["84", 2564])
        + f"?organisation={ids['school']}",
        "monitoring:indicators": reverse("monitoring:indicators", args=["84"]) + fy,
        "organisations:directory": reverse("organisations:directory"),
        "assessments:index": reverse("assessments:index"),
        "assessments:assessment": reverse("assessments:assessment", args=[ids["own_assessment"]]),
    }
    return {
        "visitor": public | {"accounts:login": reverse("accounts:login")},
        "province": signed_in | reads_all | admin | writer,
        "coordinator": signed_in | writer,
        "reporter": reporter,
        "evaluator": signed_in | reads_all,
        "outsider": {
            "portal:home": reverse("portal:home"),
            "organisations:programme": reverse("organisations:programme", args=["57"]),
            "plans:year": reverse("plans:year", args=["57", 2563]),
        },
    }[role]


def _first_activity(plan_id: object) -> int:
    from moralprovince.plans.models import Activity

    return Activity.objects.filter(plan_id=plan_id).order_by("number").first().pk  # type: ignore[union-attr]


MEASURE = """() => {
    const edge = document.documentElement.clientWidth;
    const out = e => e.getBoundingClientRect().right > edge + 1;
    const scrolls = e => {  // inside a box that scrolls or clips it: not the page's width
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        return false;
    };
    // The outermost elements reaching past the screen's edge: what makes the page scroll.
    const widest = [...document.querySelectorAll('body *')]
        .filter(e => e.checkVisibility() && out(e) && !scrolls(e)
                     && !(e.parentElement && out(e.parentElement)))
        .slice(0, 3)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                  + (typeof e.className === 'string' && e.className
                     ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        header: document.querySelector('.site-header').getBoundingClientRect().height,
        widest: widest,
    };
}"""


@pytest.mark.parametrize(
    "role", ["visitor", "province", "coordinator", "reporter", "evaluator", "outsider"]
)
def test_every_main_page_fits_a_phone_screen(browser, live_server, demo, role):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": WIDTH, "height": HEIGHT},
        is_mobile=True,
        locale="th-TH",
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    if role != "visitor":
        log_in(page, role)
    pages = _pages(role, _ids())
    too_wide, tall_header, refused = {}, {}, []
    for name, address in pages.items():
        response = page.goto(address)
        if response is None or response.status != 200:
            refused.append(f"{name} ({response.status if response else 'no answer'})")
            continue
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > WIDTH:
            too_wide[name] = f"{found['scrollWidth']} px: {', '.join(found['widest'])}"
        if found["header"] >= HEADER_SHARE * HEIGHT:
            tall_header[name] = found["header"]
    context.close()
    assert refused == [], "pages the role could not open (the list is wrong)"
    assert tall_header == {}, "headers taller than a fifth of the screen"
    known = {name for (who, name) in KNOWN_TOO_WIDE if who == role}
    assert set(too_wide) - known == set(), f"pages wider than the screen: {too_wide}"
    assert known - set(too_wide) == set(), "listed as too wide but fit now: remove them"


def test_the_header_is_one_line_and_the_menu_opens_behind_its_button(browser, live_server, demo):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True
    )
    page = context.new_page()
    log_in(page, "coordinator")
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.textsize a')]"
        ".map(a => Math.round(a.getBoundingClientRect().top))"
    )
    assert len(tops) == 3 and len(set(tops)) == 1, f"the text-size control wraps: {tops}"
    assert not page.locator(".main-nav").get_by_text("ออกจากระบบ").is_visible()
    page.locator(".site-menu > summary", has_text="เมนู").click()
    assert page.locator(".main-nav").get_by_text("ออกจากระบบ").is_visible()
    assert page.locator(".site-search input[name=q]").is_visible()
    page.locator(".main-nav").get_by_role("link", name="องค์กร").click()
    page.wait_for_url("**/organisations/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= WIDTH
    context.close()
