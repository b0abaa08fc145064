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
    page.fill("form.filters input[name=q]", "มหาวิทยาลัย")
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


def test_the_secretariat_sees_every_networks_activities_on_one_timeline(page):
    log_in(page, "province")
    page.goto("/provinces/84/plans/2564/")
    page.get_by_role("button", name="ภาพรวมเชิงบูรณาการ: ปฏิทินและงบประมาณ").click()
    page.wait_for_url("**/integration/")
    units = set(page.locator("#timeline tbody tr td:first-child").all_inner_texts())
    # The eight networks' plans, beside the province's and some organisations' own.
    assert len({unit for unit in units if unit.startswith("เครือข่าย")}) == 8
    assert page.locator("#timeline td.month.on").count() > 20


def test_a_coordinator_adds_a_key_activity_with_a_buddhist_era_date(page):
    log_in(page, "coordinator")
    page.goto("/provinces/84/plans/2564/")
    page.get_by_role("link", name="แผนการขับเคลื่อนเครือข่ายภาคการศึกษา ปีที่ 2").click()
    page.locator("summary", has_text="ปรับแผนที่อนุมัติแล้ว").click()
    page.fill("textarea[name=comment]", "เพิ่มนิทรรศการ")
    page.get_by_role("button", name="เปิดการปรับแผน").click()
    page.get_by_role("button", name="เพิ่มกิจกรรมสำคัญ").click()
    page.select_option("select[name=goal]", index=1)
    page.fill("input[name=title]", "นิทรรศการโรงเรียนคุณธรรม")
    page.fill("input[name=start]", "15/1/2564")
    page.fill("input[name=end]", "16/1/2564")
    page.select_option("select[name=responsible]", label="มหาวิทยาลัยราชภัฏสุราษฎร์ธานี")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url("**/plans/*/")
    assert page.get_by_text("15 มกราคม 2564 – 16 มกราคม 2564").is_visible()
    assert page.locator("#baseline").get_by_text("เพิ่มใหม่").is_visible()


@pytest.mark.django_db(transaction=True)
def test_the_secretariat_reads_the_dashboard_and_makes_the_years_report(page, settings, tmp_path):
    settings.JOBS_RUN_INLINE = True
    settings.MEDIA_ROOT = tmp_path
    log_in(page, "province")
    page.goto("/provinces/84/dashboard/?fy=2564")
    assert page.locator("#indicators tbody tr").count() == 4
    page.wait_for_function("() => window.Chart && Chart.getChart('months-chart') !== undefined")
    page.get_by_role("button", name="จัดทำรายงานประจำปี (PDF และ Excel)").click()
    page.wait_for_url("**/jobs/*/")
    page.wait_for_selector(".job-status[data-status=done]", timeout=60000)
    assert page.get_by_role("link", name="รายงาน (PDF)").is_visible()
    assert page.get_by_role("link", name="รายงาน (Excel)").is_visible()


def test_a_visitor_reads_the_public_page_and_finds_the_article_by_a_thai_word(page):
    page.goto("/p/84/")
    # The page shows the latest news; the article of November 2020 is among all of them.
    page.locator("h2 small").get_by_role("link", name="ทั้งหมด").click()
    page.wait_for_url("**/p/84/news/")
    page.get_by_role(
        "link",
        name="ศูนย์คุณธรรม ร่วมมือ ภาคีวิชาการและแกนนำเครือข่ายทางสังคม ขับเคลื่อนสุราษฎร์ธานีจังหวัดคุณธรรม ปี 2",
    ).first.click()
    page.wait_for_url("**/news/*/")
    assert "จักราชัย ทองเพ็ชร์" in page.locator(".post-meta").inner_text()
    page.fill(".site-search input[name=q]", "ครอบครัว")
    page.press(".site-search input[name=q]", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".hit mark").first.inner_text() == "ครอบครัว"
    page.click("[data-textsize-step=up]")
    assert page.locator("html").get_attribute("data-textsize") == "1"


def test_a_coordinator_on_a_phone_finds_their_own_links_on_the_programme_page(
    browser, live_server, demo
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    log_in(page, "coordinator")
    page.goto("/provinces/84/")
    buttons = page.locator(".actions a").all_inner_texts()
    assert "เพิ่มองค์กร" in buttons
    assert "บุคคลและบทบาท" not in buttons
    assert "รอบการรายงาน" not in buttons
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.get_by_role("button", name="เพิ่มองค์กร").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() != "ไม่พบหน้าที่ต้องการ"
    assert page.locator("form input[name=name_th]").is_visible()
    context.close()
