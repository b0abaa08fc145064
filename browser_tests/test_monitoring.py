"""Monitoring pages on a phone: nothing wider than the screen, charts with their legend."""

from __future__ import annotations

import pytest

from browser_tests.conftest import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def test_the_monitoring_pages_fit_a_phone_and_the_charts_name_every_network(
    browser, live_server, demo
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, "province")
    page.goto("/provinces/84/iptt/")
    # A network's table, by the drill-down link (its id depends on the database).
    network = page.locator("a[href*='?network=']").first.get_attribute("href")
    for path in ("dashboard/", "iptt/", f"iptt/{network}", "reporting-status/", "indicators/"):
        page.goto(f"/provinces/84/{path}")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
        assert page.locator("nav.year-select a[aria-current=page]").count() == 1, path
    page.goto("/provinces/84/dashboard/")
    page.wait_for_function("() => window.Chart && Chart.getChart('budget-chart') !== undefined")
    chart = page.evaluate(
        """() => {
          const chart = Chart.getChart('budget-chart');
          return {
            legend: chart.legend.options.display && chart.legend.options.position,
            labels: chart.data.labels.length,
            ticks: chart.scales.y.ticks.length,
          };
        }"""
    )
    assert chart["legend"] == "bottom"
    assert chart["labels"] > 1 and chart["ticks"] == chart["labels"]
    context.close()
