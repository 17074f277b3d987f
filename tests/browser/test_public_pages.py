"""Every public page of the shell passes axe-core, and the language switch works."""

import pytest

# Two placeholders of modules still to come, so the placeholder page is checked too.
PUBLIC_PATHS = ["/", "/privacy/", "/about/youth/", "/about/training/"]


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


def test_on_a_phone_the_navigation_opens_from_the_menu_button(page, check_accessibility):
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("navigation", name="Main").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    page.wait_for_url("**/events/")
    check_accessibility(page)


def test_on_a_wide_screen_the_navigation_is_always_shown(page):
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto("/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("navigation", name="Main").is_visible()
