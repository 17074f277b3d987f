import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from directory.actions import do_set_schedule, do_update_service, do_verify_service
from directory.models import Attribute, OpeningPeriod, Schedule, Service
from directory.tests.core import make_platform_org, make_provider, make_service


def counts() -> tuple[int, int, int, int]:
    return (Service.objects.count(), Attribute.objects.count(), Schedule.objects.count(),
            OpeningPeriod.objects.count())


@pytest.mark.django_db
def test_creating_a_service_derives_its_search_text_languages_and_hours():
    service = make_service(languages=["English", "Spanish"], free=True)
    service.refresh_from_db()
    assert "food pantry" in service.search_text
    assert service.language_codes == " en es "
    assert service.is_free
    assert OpeningPeriod.objects.filter(service=service).count() == 5
    assert AuditEntry.objects.filter(action="directory.service_created").count() == 1


@pytest.mark.django_db
def test_it_rejects_an_unknown_taxonomy_term_and_saves_nothing():
    provider = make_provider()
    before = counts()
    with pytest.raises(ValidationError, match="Unknown taxonomy term: 99999"):
        make_service(provider, codes=("1130", "99999"))
    assert counts() == before


@pytest.mark.django_db
def test_it_rejects_an_impossible_schedule_and_keeps_the_old_hours():
    service = make_service()
    before = counts()
    with pytest.raises(ValidationError, match=r"closes \(08:00\) before it opens \(10:00\)"):
        do_set_schedule(service, byday="MO", opens_at="10:00", closes_at="08:00", actor=None)
    with pytest.raises(ValidationError, match="Unknown weekday: XX"):
        do_set_schedule(service, byday="MO,XX", opens_at="10:00", closes_at="12:00", actor=None)
    assert counts() == before


@pytest.mark.django_db
def test_it_accepts_overnight_hours():
    service = make_service(hours=())
    do_set_schedule(service, byday="FR", opens_at="19:00", closes_at="07:00", actor=None)
    period = OpeningPeriod.objects.get(service=service)
    assert period.overnight and period.weekday == 4


@pytest.mark.django_db
def test_partner_staff_edit_their_own_organizations_services_only(partner, make_user):
    own_org = make_platform_org("Angel City Family Services", partner)
    own = make_service(make_provider("Own Provider", owner=own_org), name="Own Pantry")
    other = make_service(make_provider("Other Provider"), name="Other Pantry")
    do_update_service(own, name="Own Pantry (Eastside)", actor=partner)
    assert Service.objects.get(pk=own.pk).name == "Own Pantry (Eastside)"
    with pytest.raises(PermissionDenied):
        do_update_service(other, name="Hijacked", actor=partner)
    with pytest.raises(PermissionDenied):
        do_set_schedule(other, byday="MO", opens_at="09:00", closes_at="10:00", actor=partner)
    assert Service.objects.get(pk=other.pk).name == "Other Pantry"


@pytest.mark.django_db
def test_coordinators_edit_every_service_and_verifying_records_who(coordinator):
    service = make_service()
    do_verify_service(service, actor=coordinator)
    service.refresh_from_db()
    assert service.assurer_email == coordinator.email
    assert service.assured_date is not None


@pytest.mark.django_db
def test_residents_cannot_edit(resident):
    service = make_service()
    with pytest.raises(PermissionDenied):
        do_update_service(service, name="x", actor=resident)
