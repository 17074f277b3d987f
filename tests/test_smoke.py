import pytest


@pytest.mark.django_db
def test_the_home_page_links_to_every_module(client):
    response = client.get("/")
    assert response.status_code == 200
    # Events and resources are working modules (their placeholder pages retired).
    for path in ["/events/", "/resources/", "/privacy/"]:
        assert path in response.content.decode()


@pytest.mark.django_db
def test_a_verified_officer_client_is_signed_in(officer, client_for):
    response = client_for(officer).get("/")
    assert "Omar Officer" in response.content.decode()


@pytest.mark.django_db
def test_staff_see_their_work_links_and_residents_do_not(officer, resident, client_for):
    staff_page = client_for(officer).get("/").content.decode()
    assert "/reports/queue/" in staff_page and "/reports/walks/" in staff_page
    resident_page = client_for(resident).get("/").content.decode()
    assert "/reports/queue/" not in resident_page and "/reports/walks/" not in resident_page
