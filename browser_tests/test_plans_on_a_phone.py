"""Programme, network, organisation, plan and framework pages on a 360 px phone.

The page itself never scrolls sideways: a wide table scrolls inside its own wrapper, and the
integration page's budget tables keep their names readable instead of one word a line.
"""

import pytest

from browser_tests.conftest import log_in

pytestmark = pytest.mark.browser

# Against the screen's width, not window.innerWidth: a mobile browser widens its layout
# viewport to fit a page that overflows, which would hide the overflow.
OVERFLOW = "() => document.documentElement.scrollWidth - screen.width"


def pages_of_surat_thani() -> list[str]:
    from moralprovince.organisations.models import Network, Organisation
    from moralprovince.plans.models import Declaration, Plan

    plans = Plan.objects.filter(province_id="84", fiscal_year=2564).order_by("pk")
    network = Network.objects.filter(province_id="84").order_by("number").first()
    organisation = Organisation.objects.filter(province_id="84").order_by("pk").first()
    declaration = Declaration.objects.filter(province_id="84").order_by("pk").first()
    assert plans and network and organisation and declaration
    return [
        "/provinces/84/",
        "/provinces/84/people/",
        "/provinces/84/plans/2564/",
        "/provinces/84/plans/2564/integration/",
        "/provinces/84/plans/2564/import/",
        "/provinces/84/organisations/new/",
        f"/plans/{plans[0].pk}/",
        f"/plans/{plans[1].pk}/",
        f"/plans/{plans[1].pk}/activities/new/",
        f"/networks/{network.pk}/",
        f"/organisations/{organisation.pk}/",
        f"/declarations/{declaration.pk}/",
        "/organisations/",
        "/framework/",
    ]


@pytest.fixture
def phone(browser, live_server, demo):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_every_page_fits_a_360_px_screen(phone):
    log_in(phone, "province")
    wide = {}
    for url in pages_of_surat_thani():
        response = phone.goto(url)
        assert response.status == 200, url
        overflow = phone.evaluate(OVERFLOW)
        if overflow > 0:
            wide[url] = overflow
    assert wide == {}


def test_the_integration_pages_budget_names_keep_their_words_together(phone):
    log_in(phone, "province")
    phone.goto("/provinces/84/plans/2564/integration/")
    card = phone.locator(".breakdowns article").last.bounding_box()
    names = phone.locator(".breakdowns table.budget-breakdown tbody td:first-child")
    assert names.count() > 0
    for box in [names.nth(i).bounding_box() for i in range(names.count())]:
        # Each name has (nearly) the card's width, not a column squeezed beside the amounts.
        assert box["width"] > card["width"] * 0.8
    timeline = phone.locator("#timeline tbody td:nth-child(2)").first.bounding_box()
    assert timeline["width"] >= 180
