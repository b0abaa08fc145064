"""Choosing an organisation by typing part of its name, on a phone, in chromium."""

from __future__ import annotations

import pytest

from browser_tests.conftest import log_in

pytestmark = pytest.mark.browser


def test_an_admin_gives_a_reporter_role_picking_the_school_by_typing(browser, live_server, demo):  # type: ignore[no-untyped-def]
    from moralprovince.accounts.models import Role

    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, locale="th-TH"
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, "province")
    page.goto("/provinces/84/people/")
    select = page.locator("select[name=organisation]")
    assert select.locator("option").count() == 1  # only "—": no list of every organisation
    page.fill("input[name=username]", "kru-somsri")
    page.select_option("select[name=kind]", "organisation_reporter")
    page.fill("input[name=lookup_q]", "โรงเรียน")
    page.wait_for_function(
        "() => document.querySelectorAll('select[name=organisation] option').length > 1"
    )
    name = select.locator("option").nth(1).inner_text()
    assert name.startswith("โรงเรียน")
    select.select_option(index=1)
    page.locator("form[novalidate] button[type=submit]").click()
    page.wait_for_load_state()
    role = Role.objects.get(user__username="kru-somsri")
    assert role.organisation is not None and role.organisation.name_th == name
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    context.close()
