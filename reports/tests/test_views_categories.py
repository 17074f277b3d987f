# ruff: noqa: F811  (fixtures are imported from reports.tests.core by name)
"""Coordinators and admins manage categories, their questions and routes in our own pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from reports.actions import do_add_attribute, do_add_route
from reports.models import Attribute, Category, Route
from reports.tests.core import (  # noqa: F401 (fixtures)
    _fresh_lookup,
    city,
    make_org,
    make_report,
    north,
    park,
    parks,
    streetlight,
    streets,
)

NOT_MANAGERS = ["resident", "officer", "partner"]
MANAGERS = ["coordinator", "admin"]


@pytest.fixture
def users(resident, officer, coordinator, partner, admin_user):  # type: ignore[no-untyped-def]
    return {"resident": resident, "officer": officer, "coordinator": coordinator,
            "partner": partner, "admin": admin_user}


@pytest.fixture
def staff_client(client_for, coordinator) -> Client:  # type: ignore[no-untyped-def]
    return client_for(coordinator)


def new_category_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "code": "graffiti", "name": "Graffiti", "description": "Paint on walls",
        "group": "Streets", "keywords": "tag, paint", "default_organization": "",
        "allows_anonymous": "on", "location_privacy": "exact", "target_days": "5",
        "is_active": "on", "order": "3",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_data(category: Category, **overrides: Any) -> dict[str, Any]:
    """The edit form as the page shows it for `category`, with `overrides` typed in."""
    data: dict[str, Any] = {
        "name": category.name, "description": category.description, "group": category.group,
        "keywords": category.keywords,
        "default_organization": category.default_organization_id or "",
        "location_privacy": category.location_privacy,
        "target_days": category.target_days or "", "order": category.order,
    }
    if category.allows_anonymous:
        data["allows_anonymous"] = "on"
    if category.is_active:
        data["is_active"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def question_data(**overrides: Any) -> dict[str, Any]:
    data = {"code": "size", "description": "How big is it?", "datatype": "string",
            "order": "0", "values": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_url(category: Category) -> str:
    return reverse("reports:category_edit", args=[category.code])


# ---------------------------------------------------------------------------- access


@pytest.mark.parametrize("role", MANAGERS)
def test_coordinators_and_admins_open_every_category_page(client_for, users, streetlight, role):
    client = client_for(users[role])
    for url in (reverse("reports:categories"), reverse("reports:category_new"),
                edit_url(streetlight)):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_other_roles_are_refused_every_category_page(client_for, users, streetlight, role):
    client = client_for(users[role])
    for url in (reverse("reports:categories"), reverse("reports:category_new"),
                edit_url(streetlight)):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(client, streetlight):
    for url in (reverse("reports:categories"), reverse("reports:category_new"),
                edit_url(streetlight)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def change_urls(category: Category) -> list[tuple[str, dict[str, Any]]]:
    attribute = category.attributes.get(code="pole")
    route = do_add_route(category, None, make_org("Night crew"), actor=None)
    code = category.code
    return [
        (reverse("reports:category_new"), new_category_data()),
        (edit_url(category), edit_data(category, name="Hijacked")),
        (reverse("reports:category_attribute_add", args=[code]), question_data()),
        (reverse("reports:category_attribute_remove", args=[code, attribute.pk]), {}),
        (reverse("reports:category_route_add", args=[code]),
         {"organization": make_org("Other").pk}),
        (reverse("reports:category_route_remove", args=[code, route.pk]), {}),
    ]


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_other_roles_cannot_change_anything(client_for, users, streetlight, role):
    urls = change_urls(streetlight)
    before = AuditEntry.objects.count()
    client = client_for(users[role])
    for url, data in urls:
        assert client.post(url, data).status_code == 403, url
    assert AuditEntry.objects.count() == before
    assert Category.objects.count() == 1
    streetlight.refresh_from_db()
    assert streetlight.name == "Street light out"
    assert streetlight.attributes.count() == 2
    assert streetlight.routes.count() == 1


def test_anonymous_visitors_cannot_change_anything(client, streetlight):
    for url, data in change_urls(streetlight):
        assert client.post(url, data).status_code == 302, url
    assert streetlight.attributes.count() == 2
    assert streetlight.routes.count() == 1


def test_changes_must_be_posted(staff_client, streetlight):
    code = streetlight.code
    attribute = streetlight.attributes.get(code="pole")
    for url in (reverse("reports:category_attribute_add", args=[code]),
                reverse("reports:category_attribute_remove", args=[code, attribute.pk]),
                reverse("reports:category_route_add", args=[code]),
                reverse("reports:category_route_remove", args=[code, 1])):
        assert staff_client.get(url).status_code == 405, url
    assert streetlight.attributes.count() == 2


def test_changes_need_the_csrf_token(staff_client, streetlight):
    staff_client.handler.enforce_csrf_checks = True
    response = staff_client.post(edit_url(streetlight), edit_data(streetlight, name="No token"))
    assert response.status_code == 403
    response = staff_client.post(reverse("reports:category_new"), new_category_data())
    assert response.status_code == 403
    streetlight.refresh_from_db()
    assert streetlight.name == "Street light out"
    assert not Category.objects.filter(code="graffiti").exists()


def test_an_unknown_category_is_not_found(staff_client, db):
    assert staff_client.get(reverse("reports:category_edit", args=["nope"])).status_code == 404


# ---------------------------------------------------------------------------- list


def test_the_list_links_to_our_own_pages_not_django_admin(staff_client, streetlight):
    response = staff_client.get(reverse("reports:categories"))
    html = response.content.decode()
    assert reverse("reports:category_new") in html
    assert edit_url(streetlight) in html
    assert "/admin/" not in html.split("<main")[1]


# ---------------------------------------------------------------------------- create


@pytest.mark.parametrize("role", MANAGERS)
def test_it_creates_a_category(client_for, users, streets, role):
    client = client_for(users[role])
    response = client.post(
        reverse("reports:category_new"),
        new_category_data(default_organization=streets.pk, location_privacy="blurred",
                          allows_anonymous=None),
    )
    category = Category.objects.get(code="graffiti")
    assert response.status_code == 302
    assert response["Location"] == edit_url(category)
    assert (category.name, category.description, category.group, category.keywords) == (
        "Graffiti", "Paint on walls", "Streets", "tag, paint")
    assert category.default_organization == streets
    assert category.location_privacy == Category.LocationPrivacy.BLURRED
    assert category.allows_anonymous is False
    assert (category.target_days, category.is_active, category.order) == (5, True, 3)
    entry = AuditEntry.objects.get(action="category.create")
    assert entry.actor == users[role]


def test_it_creates_a_category_without_a_target(staff_client, db):
    staff_client.post(reverse("reports:category_new"), new_category_data(target_days=""))
    assert Category.objects.get(code="graffiti").target_days is None


def test_it_rejects_a_duplicate_category_code(staff_client, streetlight):
    response = staff_client.post(
        reverse("reports:category_new"), new_category_data(code="streetlight")
    )
    assert response.status_code == 400
    assert "Another category already uses that code." in response.content.decode()
    assert Category.objects.count() == 1
    assert not AuditEntry.objects.filter(action="category.create", actor__isnull=False).exists()


@pytest.mark.parametrize("days", ["0", "-3", "366", "soon", "2.5"])
def test_it_rejects_bad_target_days_on_create(staff_client, db, days):
    response = staff_client.post(reverse("reports:category_new"),
                                 new_category_data(target_days=days))
    assert response.status_code == 400
    assert 'id="id_target_days_error"' in response.content.decode()
    assert not Category.objects.exists()


@pytest.mark.parametrize(("field", "value"), [
    ("code", "two words"), ("code", ""), ("name", ""), ("location_privacy", "secret"),
    ("order", "-1"), ("default_organization", "999999"),
])
def test_it_rejects_a_bad_new_category(staff_client, db, field, value):
    response = staff_client.post(reverse("reports:category_new"),
                                 new_category_data(**{field: value}))
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    assert not Category.objects.exists()


# ---------------------------------------------------------------------------- edit


def test_it_updates_a_category_and_audits_only_what_changed(staff_client, coordinator,
                                                            streetlight, parks):
    response = staff_client.post(edit_url(streetlight), edit_data(
        streetlight, name="Street light broken", target_days="3", default_organization=parks.pk,
        is_active=None,
    ))
    assert response.status_code == 302
    streetlight.refresh_from_db()
    assert streetlight.name == "Street light broken"
    assert streetlight.target_days == 3
    assert streetlight.default_organization == parks
    assert streetlight.is_active is False
    assert streetlight.code == "streetlight"
    entry = AuditEntry.objects.get(action="category.update")
    assert entry.actor == coordinator
    assert set(entry.detail["changes"]) == {"name", "target_days", "default_organization",
                                            "is_active"}


def test_the_code_cannot_be_changed(staff_client, streetlight):
    staff_client.post(edit_url(streetlight), edit_data(streetlight, code="lamp", name="Lamp"))
    streetlight.refresh_from_db()
    assert (streetlight.code, streetlight.name) == ("streetlight", "Lamp")


def test_saving_without_changes_writes_nothing(staff_client, streetlight):
    response = staff_client.post(edit_url(streetlight), edit_data(streetlight))
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="category.update").exists()


@pytest.mark.parametrize("days", ["0", "-1", "1000", "a week"])
def test_it_rejects_bad_target_days_on_edit_and_saves_nothing(staff_client, streetlight, days):
    response = staff_client.post(
        edit_url(streetlight), edit_data(streetlight, name="Renamed", target_days=days)
    )
    assert response.status_code == 400
    assert 'id="id_target_days_error"' in response.content.decode()
    streetlight.refresh_from_db()
    assert (streetlight.name, streetlight.target_days) == ("Street light out", 7)


def test_it_rejects_an_empty_name_and_shows_the_saved_one(staff_client, streetlight):
    response = staff_client.post(edit_url(streetlight), edit_data(streetlight, name="  "))
    assert response.status_code == 400
    assert "Edit category: Street light out" in response.content.decode()
    streetlight.refresh_from_db()
    assert streetlight.name == "Street light out"


def test_blurring_a_category_blurs_its_public_points_and_back(staff_client, city, streetlight):
    report = make_report(streetlight)
    assert (report.public_lat, report.public_lon) == (report.lat, report.lon)

    staff_client.post(edit_url(streetlight), edit_data(streetlight, location_privacy="blurred"))
    report.refresh_from_db()
    assert (report.public_lat, report.public_lon) != (report.lat, report.lon)
    assert report.public_lat is not None

    streetlight.refresh_from_db()
    staff_client.post(edit_url(streetlight), edit_data(streetlight, location_privacy="exact"))
    report.refresh_from_db()
    assert (report.public_lat, report.public_lon) == (report.lat, report.lon)


def test_a_deactivated_responsible_organization_stays_selectable(staff_client, streetlight,
                                                                   streets):
    streets.is_active = False
    streets.save()
    response = staff_client.post(edit_url(streetlight), edit_data(streetlight, order="4"))
    assert response.status_code == 302
    streetlight.refresh_from_db()
    assert (streetlight.default_organization, streetlight.order) == (streets, 4)


# ---------------------------------------------------------------------------- questions


def add_question_url(category: Category) -> str:
    return reverse("reports:category_attribute_add", args=[category.code])


def test_it_adds_a_text_question(staff_client, streetlight):
    response = staff_client.post(add_question_url(streetlight),
                                 question_data(required="on", order="5"))
    assert response.status_code == 302
    question = streetlight.attributes.get(code="size")
    assert (question.description, question.datatype, question.required, question.order) == (
        "How big is it?", "string", True, 5)
    assert question.values == []
    assert AuditEntry.objects.filter(action="category.attribute.add").count() == 3


@pytest.mark.parametrize("datatype", ["singlevaluelist", "multivaluelist"])
def test_it_adds_a_list_question_with_keyed_and_plain_choices(staff_client, streetlight,
                                                              datatype):
    staff_client.post(add_question_url(streetlight), question_data(
        datatype=datatype, values="small|Smaller than a door\n\n  Very Large  \r\n",
    ))
    question = streetlight.attributes.get(code="size")
    assert question.values == [
        {"key": "small", "name": "Smaller than a door"},
        {"key": "very-large", "name": "Very Large"},
    ]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"code": "pole"}, "This category already has a question with that code."),
    ({"datatype": "singlevaluelist", "values": ""}, "List the choices, one a line."),
    ({"datatype": "multivaluelist", "values": " \n "}, "List the choices, one a line."),
    ({"datatype": "singlevaluelist", "values": "a|One\na|Two"}, "Choice keys must differ."),
    ({"datatype": "singlevaluelist", "values": "|Nameless"}, "Each line needs a name"),
    ({"datatype": "number", "values": "One"}, "questions have choices."),
    ({"datatype": "colour"}, "Select a valid choice."),
    ({"code": "has space"}, "Enter a valid"),
    ({"description": ""}, "This field is required."),
    ({"order": "first"}, "Enter a whole number."),
])
def test_it_rejects_a_bad_question_and_saves_nothing(staff_client, streetlight, overrides,
                                                     message):
    response = staff_client.post(add_question_url(streetlight), question_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert "nothing was saved" in html
    assert sorted(streetlight.attributes.values_list("code", flat=True)) == ["kind", "pole"]
    assert AuditEntry.objects.filter(action="category.attribute.add").count() == 2


def test_it_removes_a_question(staff_client, coordinator, streetlight):
    question = streetlight.attributes.get(code="pole")
    url = reverse("reports:category_attribute_remove", args=[streetlight.code, question.pk])
    response = staff_client.post(url)
    assert response.status_code == 302
    assert not Attribute.objects.filter(pk=question.pk).exists()
    entry = AuditEntry.objects.get(action="category.attribute.delete")
    assert (entry.actor, entry.detail["code"]) == (coordinator, "pole")


def test_it_keeps_answers_already_given_when_a_question_goes(staff_client, city, streetlight):
    report = make_report(streetlight, answers={"kind": "out", "pole": "P-12"})
    question = streetlight.attributes.get(code="pole")
    staff_client.post(
        reverse("reports:category_attribute_remove", args=[streetlight.code, question.pk])
    )
    report.refresh_from_db()
    assert report.answers["pole"] == "P-12"


def test_a_question_of_another_category_is_not_found(staff_client, streetlight, park):
    other = do_add_attribute(park, code="bench", description="Which bench?",
                             datatype="string", actor=None)
    url = reverse("reports:category_attribute_remove", args=[streetlight.code, other.pk])
    assert staff_client.post(url).status_code == 404
    assert Attribute.objects.filter(pk=other.pk).exists()


def test_the_edit_page_shows_questions_and_routes(staff_client, city, streetlight, parks):
    do_add_route(streetlight, north(city), parks, actor=None)
    html = staff_client.get(edit_url(streetlight)).content.decode()
    assert "What is wrong?" in html and "Flickering" in html
    assert "Recreation and Parks" in html
    assert reverse("reports:category_attribute_add", args=["streetlight"]) in html
    assert html.count('name="csrfmiddlewaretoken"') >= 6


def test_every_label_on_the_edit_page_points_at_its_own_field(staff_client, streetlight):
    # Three forms share the page and some field names (code, description, order).
    html = staff_client.get(edit_url(streetlight)).content.decode()
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert target in ids


# ---------------------------------------------------------------------------- routes


def add_route_url(category: Category) -> str:
    return reverse("reports:category_route_add", args=[category.code])


def test_it_adds_a_route_for_an_area_and_for_everywhere(staff_client, city, streetlight,
                                                        parks, streets):
    area = north(city)
    assert staff_client.post(add_route_url(streetlight),
                             {"area": area.pk, "organization": parks.pk}).status_code == 302
    assert staff_client.post(add_route_url(streetlight),
                             {"area": "", "organization": streets.pk}).status_code == 302
    routes = {r.area_id: r.organization_id for r in streetlight.routes.all()}
    assert routes == {area.pk: parks.pk, None: streets.pk}
    assert AuditEntry.objects.filter(action="category.route").count() == 2


def test_a_new_route_for_the_same_area_replaces_the_old_one(staff_client, streetlight, parks,
                                                            streets):
    do_add_route(streetlight, None, streets, actor=None)
    response = staff_client.post(add_route_url(streetlight),
                                 {"area": "", "organization": parks.pk}, follow=True)
    assert "Route replaced." in response.content.decode()
    assert list(streetlight.routes.values_list("organization_id", flat=True)) == [parks.pk]


@pytest.mark.parametrize("data", [
    {"area": ""}, {"area": "", "organization": "999999"}, {"area": "999999", "organization": ""},
])
def test_it_rejects_a_bad_route_and_saves_nothing(staff_client, streetlight, parks, data):
    if data.get("area") == "999999":
        data["organization"] = parks.pk
    response = staff_client.post(add_route_url(streetlight), data)
    assert response.status_code == 400
    assert "nothing was saved" in response.content.decode()
    assert not streetlight.routes.exists()


def test_routes_go_only_to_active_organizations(staff_client, streetlight):
    closed = make_org("Closed agency")
    closed.is_active = False
    closed.save()
    response = staff_client.post(add_route_url(streetlight),
                                 {"area": "", "organization": closed.pk})
    assert response.status_code == 400
    assert not streetlight.routes.exists()


def test_it_removes_a_route(staff_client, coordinator, streetlight, parks):
    route = do_add_route(streetlight, None, parks, actor=None)
    url = reverse("reports:category_route_remove", args=[streetlight.code, route.pk])
    assert staff_client.post(url).status_code == 302
    assert not Route.objects.filter(pk=route.pk).exists()
    assert AuditEntry.objects.get(action="category.route.remove").actor == coordinator


def test_a_route_of_another_category_is_not_found(staff_client, streetlight, park):
    route = park.routes.get()
    url = reverse("reports:category_route_remove", args=[streetlight.code, route.pk])
    assert staff_client.post(url).status_code == 404
    assert Route.objects.filter(pk=route.pk).exists()


def test_a_category_made_here_routes_new_reports(staff_client, city, parks):
    staff_client.post(reverse("reports:category_new"), new_category_data())
    category = Category.objects.get(code="graffiti")
    staff_client.post(add_route_url(category), {"area": north(city).pk,
                                                "organization": parks.pk})
    assert make_report(category).organization == parks

