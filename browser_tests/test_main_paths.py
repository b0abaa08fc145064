"""The main paths a person takes, in a real browser."""

import pytest

from browser_tests.conftest import log_in

pytestmark = pytest.mark.browser


def test_a_coordinator_logs_in_and_sees_surat_thani_in_thai_then_english(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator(".programme-card h2").first.inner_text() == "สุราษฎร์ธานีจังหวัดคุณธรรม"
    assert page.locator(".programme-card .networks li").count() == 8
    log_in(page, "coordinator")
    assert page.locator(".main-nav").get_by_text("ออกจากระบบ").is_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".main-nav").get_by_text("Log out").is_visible()
    page.goto("/organisations/")
    assert page.locator("h1").inner_text() == "Organisation directory"


def test_the_text_size_persists_across_pages_and_visits(page):
    page.goto("/")
    size = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.click("[data-textsize-step=up]")
    page.click("[data-textsize-step=up]")
    bigger = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert bigger > size
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("data-textsize") == "2"
    page.reload()
    assert page.locator("html").get_attribute("data-textsize") == "2"
    page.click("[data-textsize-step=reset]")
    page.goto("/")
    assert page.locator("html").get_attribute("data-textsize") == "0"


def test_a_province_admin_browses_and_searches_the_directory(page):
    log_in(page, "province")
    page.goto("/organisations/")
    assert "101" in page.locator(".result-count").inner_text()
    page.fill("input[name=q]", "มหาวิทยาลัย")
    page.wait_for_function("() => document.querySelector('.result-count').innerText.includes('3')")
    names = page.locator("#results tbody td:first-child a").all_inner_texts()
    assert set(names) == {
        "มหาวิทยาลัยราชภัฏสุราษฎร์ธานี",
        "มหาวิทยาลัยตาปี",
        "มหาวิทยาลัยสงขลานครินทร์ วิทยาเขตสุราษฎร์ธานี",
    }
    page.get_by_text("มหาวิทยาลัยตาปี").click()
    page.wait_for_url("**/organisations/*/")
    assert page.locator("h1").inner_text().startswith("มหาวิทยาลัยตาปี")


def test_the_home_page_fits_a_phone_screen(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.goto("/")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.locator("[data-textsize-step=up]").is_visible()
    context.close()
