"""Every public page of the shell passes axe-core, and the language switch works."""

import pytest

PUBLIC_PATHS = ["/", "/privacy/", "/about/events/", "/about/resources/"]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_pages_have_no_accessibility_violations(page, check_accessibility, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    check_accessibility(page)


def test_a_visitor_switches_the_site_to_spanish(page):
    page.goto("/")
    page.select_option("#language-select", "es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Aviso de privacidad" in page.content()
