"""Destructive forms ask before they are sent, and dismissing the question sends nothing."""

from __future__ import annotations

import pytest

from browser_tests.conftest import log_in

pytestmark = pytest.mark.browser


def _member_to_remove() -> tuple[int, int, str]:
    """A member of the education network: (network, organisation, the form's action)."""
    from moralprovince.organisations.models import Membership

    membership = Membership.objects.filter(network__province_id="84", network__number=3).first()
    assert membership is not None
    network, organisation = membership.network_id, membership.organisation_id
    return network, organisation, f"/networks/{network}/members/{organisation}/remove/"


def _is_member(network: int, organisation: int) -> bool:
    from moralprovince.organisations.models import Membership

    return Membership.objects.filter(network_id=network, organisation_id=organisation).exists()


# After site.js has had its say (it listens on the document), record whether each submit
# event was let through: a submit left with its default prevented sends nothing.
WATCH_SUBMITS = """() => {
    window.sent = [];
    window.addEventListener('submit', event => window.sent.push(!event.defaultPrevented));
}"""


def _watch(page):  # type: ignore[no-untyped-def]
    """Record each question the page asks and each form it posts."""
    questions: list[str] = []
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.evaluate(WATCH_SUBMITS)
    return questions, posts


def test_a_form_marked_data_confirm_asks_and_dismissing_sends_nothing(page):  # type: ignore[no-untyped-def]
    """site.js on a real destructive form (removing a network member): no answer, no post."""
    log_in(page, "province")
    network, organisation, action = _member_to_remove()
    page.goto(f"/networks/{network}/")
    form = page.locator(f'form[action="{action}"]')
    form.evaluate("f => f.setAttribute('data-confirm', 'นำองค์กรนี้ออกจากเครือข่าย?')")
    questions, posts = _watch(page)

    def dismiss(dialog):  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    form.locator("button[type=submit]").click()
    assert questions == ["นำองค์กรนี้ออกจากเครือข่าย?"]
    assert page.evaluate("() => window.sent") == [False]
    assert posts == []
    assert page.url.endswith(f"/networks/{network}/")
    assert _is_member(network, organisation)

    def accept(dialog):  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert len(questions) == 2
    assert any(url.endswith(action) for url in posts)
    assert not _is_member(network, organisation)


def test_removing_a_network_member_asks_first(page):  # type: ignore[no-untyped-def]
    log_in(page, "province")
    network, organisation, action = _member_to_remove()
    page.goto(f"/networks/{network}/")
    questions, posts = _watch(page)

    def dismiss(dialog):  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator(f'form[action="{action}"] button[type=submit]').click()
    page.wait_for_load_state()
    assert questions, "removing a member did not ask"
    assert page.evaluate("() => window.sent") == [False]
    assert posts == []
    assert _is_member(network, organisation)
