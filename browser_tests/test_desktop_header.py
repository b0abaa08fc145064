"""The header on a desktop (1280 × 800): two lines at most, the language button on the first.

The first line holds the site's name, the search box, the language button and the text size;
the second the menu. The longest menus are national staff's (with the audit log) and those of
people with long names; in English the menu's words are longer still.
"""

from __future__ import annotations

import pytest

from browser_tests.conftest import log_in

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 800

MEASURE = """() => {
  const box = selector => document.querySelector(selector)?.getBoundingClientRect();
  const brand = box('.site-bar .brand');
  const middle = b => b && Math.round(b.top + b.height / 2);
  return {
    first: [Math.floor(brand.top), Math.ceil(brand.bottom)],
    language: middle(box('.lang-switch button')),
    search: middle(box('.site-search input')),
    size: middle(box('.textsize a')),
    menu: [...new Set([...document.querySelectorAll('.main-nav > ul > li')]
      .map(li => Math.round(li.getBoundingClientRect().top)))],
  };
}"""


def test_the_language_button_stays_on_the_first_line_of_the_header(browser, live_server, demo):  # type: ignore[no-untyped-def]
    for username in ["", "national", "province"]:
        for language in ["th", "en"]:
            context = browser.new_context(
                base_url=live_server.url,
                viewport={"width": WIDTH, "height": HEIGHT},
                locale="th-TH",
            )
            page = context.new_page()
            if username:
                log_in(page, username)
            page.goto("/")
            if language == "en":
                page.locator(".lang-switch button").click()
                page.wait_for_load_state()
            page.goto("/")
            found = page.evaluate(MEASURE)
            context.close()
            who = f"{username or 'a visitor'} ({language})"
            top, bottom = found["first"]
            for part in ["language", "search", "size"]:
                assert top <= found[part] <= bottom, f"{who}: the {part} is off the first line"
            assert len(found["menu"]) <= 1, f"{who}: the menu takes {len(found['menu'])} lines"
            assert all(line > bottom for line in found["menu"]), f"{who}: {found}"
