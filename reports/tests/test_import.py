# ruff: noqa: F811, E501  (fixtures imported by name; CSV samples keep their real width)
from __future__ import annotations

import datetime as dt
import gzip
import io
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Max, Min
from django.utils import timezone

from reports.importers import detect_mapping, import_311, map_status, parse_local_time
from reports.models import Category, Report, ReportUpdate, Status
from reports.tests.core import _fresh_lookup, city, make_category, streets  # noqa: F401

# The repository's copies (data/311/, see its README): the demo sample whole, excerpts of the rest.
DATA = Path(settings.BASE_DIR) / "data" / "311"
LA = zoneinfo.ZoneInfo("America/Los_Angeles")
NY = zoneinfo.ZoneInfo("America/New_York")

LA2020 = """srnumber,requesttype,status,actiontaken,createddate,updateddate,servicedate,closeddate,requestsource,owner,createdbyuserorganization,mobileos,anonymous,assignto,latitude,longitude,address,zipcode,apc,cd,cdmember,nc,ncname,policeprecinct
1-1,Graffiti Removal,Closed,SR Created,1/1/20 0:05,1/2/20 8:43,1/2/20 0:00,1/2/20 8:43,Call,BOS,BOS,,N,WV,34.05,-118.27,"100 W MAIN ST, 90012",90012,,,,,,
1-2,Bulky Items,Open,SR Created,1/1/20 13:30,1/1/20 14:00,,,Call,BOS,BOS,,N,WV,,,"200 W MAIN ST, 90012",90012,,,,,,
1-3,Bulky Items,Cancelled,SR Created,1/2/20 9:00,1/3/20 9:00,,1/3/20 9:00,Call,BOS,BOS,,N,WV,40.7,-74.0,"NYC",10001,,,,,,
1-4,,Open,SR Created,1/2/20 9:00,,,,Call,BOS,BOS,,N,WV,34.05,-118.27,x,1,,,,,,
1-5,Bulky Items,Open,SR Created,not a date,,,,Call,BOS,BOS,,N,WV,34.05,-118.27,x,1,,,,,,
"""

LA2017 = """SRNumber,CreatedDate,UpdatedDate,ActionTaken,Owner,RequestType,Status,RequestSource,MobileOS,Anonymous,AssignTo,ServiceDate,ClosedDate,AddressVerified,ApproximateAddress,Address,HouseNumber,Direction,StreetName,Suffix,ZipCode,Latitude,Longitude,Location,TBMPage,TBMColumn,TBMRow,APC,CD,CDMember,NC,NCName,PolicePrecinct
1-870704831,12/31/2017 11:59:58 PM,04/09/2018 09:25:28 AM,SR Created,BOS,Homeless Encampment,Closed,Call,,N,NC,01/05/2018 12:00:00 AM,04/09/2018 09:18:35 AM,Y,N,"2111 W BELLEVUE AVE, 90026",2111,W,BELLEVUE,AVE,90026,34.07,-118.22,"(34.07, -118.22)",634,D,1,x,13,y,44,z,RAMPART
1-870704832,12/31/2017 12:15:00 PM,,SR Created,BOS,Referred Thing,Referred Out,Call,,N,NC,,,Y,N,"1 X ST",1,W,X,ST,90026,,,,634,D,1,x,13,y,44,z,RAMPART
"""

BOSTON = """CASE_ENQUIRY_ID,OPEN_DT,TARGET_DT,CLOSED_DT,OnTime_Status,CASE_STATUS,CLOSURE_REASON,CASE_TITLE,SUBJECT,REASON,TYPE,QUEUE,Department,SubmittedPhoto,ClosedPhoto,Location,fire_district,pwd_district,city_council_district,police_district,neighborhood,neighborhood_services_district,ward,precinct,land_usage,LOCATION_STREET_NAME,LOCATION_ZIPCODE,Property_Type,Property_ID,LATITUDE,LONGITUDE,Source,Geocoded_Location
101,01/05/2015 12:40:41 PM,01/07/2015 08:30:00 AM,01/06/2015 01:46:56 PM,ONTIME,Closed,Case Closed Case Resolved fixed,Pothole <b>big</b>,PWD,Highway,Request for Pothole Repair,Q,PWD,,,29 Hereford St  Boston  MA  02115,,,,,,,,,,29 Hereford St,2115.0,Address,1,42.3504,-71.0867,App,"(42.3504, -71.0867)"
102,01/05/2015 01:00:00 PM,,01/06/2015 01:00:00 PM,ONTIME,Closed,Case Closed Case Invalid no pothole,Pothole,PWD,Highway,Request for Pothole Repair,Q,PWD,,,1 City Hall,,,,,,,,,,,,,1,42.3594,-71.0587,App,
103,07/04/2015 11:00:00 PM,07/10/2015 11:00:00 PM,,OVERDUE,Open,,Sign,BTD,Signs,Sign Repair,Q,BTD,,,2 Main St,,,,,,,,,,,2116,,,42.35,-71.06,App,
"""


def run(text: str, **options):
    return import_311(io.StringIO(text), **options)


def test_it_detects_each_layout_from_the_header():
    assert detect_mapping(LA2020.splitlines()[0].split(",")).name == "la2020"
    assert detect_mapping(LA2017.splitlines()[0].split(",")).name == "la2017"
    assert detect_mapping(BOSTON.splitlines()[0].split(",")).name == "boston"
    with pytest.raises(ValueError, match="mapping"):
        detect_mapping(["a", "b"])


def test_it_reads_the_date_formats_in_the_given_zone():
    assert parse_local_time("1/2/20 8:43", LA) == dt.datetime(2020, 1, 2, 8, 43, tzinfo=LA)
    assert parse_local_time("12/31/2017 11:59:58 PM", LA) == dt.datetime(
        2017, 12, 31, 23, 59, 58, tzinfo=LA)
    midnight = parse_local_time("01/05/2015 12:40:41 AM", NY)
    assert midnight is not None and midnight.hour == 0
    iso = parse_local_time("2015-01-05T12:00:00+00:00", NY)
    assert iso is not None and iso.utcoffset() == dt.timedelta(0)
    assert parse_local_time("", LA) is None and parse_local_time("soon", LA) is None


def test_it_maps_statuses():
    assert map_status("Closed") == Status.FIXED
    assert map_status("Cancelled") == Status.CLOSED_NOT_FIXED
    assert map_status("Pending") == Status.ACTION_SCHEDULED
    assert map_status("Referred Out") == Status.REFERRED
    assert map_status("Closed", "Case Closed Case Invalid") == Status.CLOSED_NOT_FIXED
    assert map_status("???", closed=True) == Status.FIXED


def test_la2020_rows_are_imported_flagged_and_skipped_with_reasons(city, streets):
    graffiti = make_category("graffiti", name="Graffiti", default_organization=streets)
    summary = run(LA2020, timezone_name="America/Los_Angeles",
                  type_map={"Graffiti Removal": "graffiti"})
    assert (summary.imported, summary.updated) == (3, 0)
    assert summary.skipped == {"no request type": 1, "no readable created date": 1}
    first = Report.objects.get(external_id="1-1")
    assert first.category == graffiti and first.organization == streets
    assert first.status == Status.FIXED and not first.is_open
    assert first.requested_at == dt.datetime(2020, 1, 1, 0, 5, tzinfo=LA)
    assert first.area is not None and first.h3_cell and first.location_flag == "ok"
    assert first.external_source == "la311" and first.source == "import"
    assert list(first.updates.values_list("kind", "status")) == [
        ("created", "open"), ("status", "fixed")]
    assert Report.objects.get(external_id="1-2").location_flag == "missing"
    cancelled = Report.objects.get(external_id="1-3")
    assert cancelled.location_flag == "outside" and cancelled.status == Status.CLOSED_NOT_FIXED
    assert Category.objects.filter(code="bulky-items").exists()
    assert "bulky-items" in summary.categories_created


def test_reimporting_the_same_file_changes_nothing(city):
    from audit.models import AuditEntry

    run(LA2020)
    before = (Report.objects.count(), ReportUpdate.objects.count(), AuditEntry.objects.count())
    summary = run(LA2020)
    assert (summary.imported, summary.updated, summary.unchanged) == (0, 0, 3)
    after = (Report.objects.count(), ReportUpdate.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_reimporting_updates_instead_of_duplicating(city):
    run(LA2020)
    changed = LA2020.replace("1-2,Bulky Items,Open", "1-2,Bulky Items,Closed").replace(
        "1/1/20 14:00,,,", "1/1/20 14:00,,1/3/20 10:00,")
    summary = run(changed)
    # Only the row whose source data changed is written; the other two are left alone.
    assert (summary.imported, summary.updated, summary.unchanged) == (0, 1, 2)
    assert Report.objects.count() == 3
    report = Report.objects.get(external_id="1-2")
    assert not report.is_open and report.closed_at is not None
    assert ReportUpdate.objects.filter(report=report, kind="created").count() == 1


def test_la2017_layout(db):
    summary = run(LA2017, mapping="la2017")
    assert summary.imported == 2
    referred = Report.objects.get(external_id="1-870704832")
    assert referred.status == Status.REFERRED and referred.is_open
    assert referred.location_flag == "missing" and referred.zipcode == "90026"
    closed = Report.objects.get(external_id="1-870704831")
    assert closed.location_flag == "outside"  # nothing loaded: outside the loaded areas
    assert closed.expected_at == dt.datetime(2018, 1, 5, tzinfo=LA)


def test_boston_layout_with_due_dates_placeholders_and_closure_reasons(db):
    summary = run(BOSTON, timezone_name="America/New_York", source="boston-test")
    assert summary.imported == 3
    fixed = Report.objects.get(external_id="101")
    assert fixed.requested_at == dt.datetime(2015, 1, 5, 12, 40, 41, tzinfo=NY)
    assert fixed.expected_at == dt.datetime(2015, 1, 7, 8, 30, tzinfo=NY)
    assert fixed.status == Status.FIXED and fixed.zipcode == "02115"
    assert fixed.description == "Pothole <b>big</b>" and fixed.external_source == "boston-test"
    invalid = Report.objects.get(external_id="102")
    assert invalid.status == Status.CLOSED_NOT_FIXED
    assert invalid.location_flag == "missing" and invalid.lat is None  # City Hall placeholder
    open_one = Report.objects.get(external_id="103")
    assert open_one.is_open and open_one.closed_at is None


def test_the_original_id_is_searchable(db):
    run(BOSTON)
    assert Report.objects.filter(external_id="103").count() == 1
    assert Report._meta.get_field("external_id").db_index  # type: ignore[union-attr,attr-defined]


def test_the_command_prints_a_summary_and_rejects_bad_input(db, tmp_path, capsys):
    path = tmp_path / "boston.csv"
    path.write_text(BOSTON)
    out = io.StringIO()
    call_command("import_311", str(path), "--timezone", "America/New_York", stdout=out)
    assert "imported: 3" in out.getvalue()
    with pytest.raises(CommandError, match="time zone"):
        call_command("import_311", str(path), "--timezone", "Mars/Olympus")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="mapping"):
        call_command("import_311", str(bad))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_311", str(tmp_path / "missing.csv"))


def test_the_command_reads_gzip_and_explains_a_file_that_is_not(db, tmp_path):
    packed = tmp_path / "boston.csv.gz"
    packed.write_bytes(gzip.compress(BOSTON.encode()))
    out = io.StringIO()
    call_command("import_311", str(packed), "--timezone", "America/New_York", stdout=out)
    assert "imported: 3" in out.getvalue()
    before = Report.objects.count()
    fake = tmp_path / "fake.csv.gz"
    fake.write_text(BOSTON)
    with pytest.raises(CommandError, match="Cannot decompress"):
        call_command("import_311", str(fake))
    assert Report.objects.count() == before


@pytest.mark.parametrize(
    ("name", "zone"),
    [("la311_2020_requests_seed.csv.gz", "America/Los_Angeles"),
     ("la311_2017_excerpt.csv", "America/Los_Angeles"),
     ("boston311_2015_excerpt.csv", "America/New_York")],
)
def test_the_real_files_import_their_first_500_rows(db, name, zone):
    out = io.StringIO()
    call_command("import_311", str(DATA / name), "--timezone", zone, "--limit", "500",
                 stdout=out)
    assert Report.objects.count() + sum(
        int(line.split()[0]) for line in out.getvalue().splitlines() if " × " in line) == 500
    assert "500 rows read" in out.getvalue()


def test_the_demo_loads_idempotently(db):
    from reports.demo import load_demo_reports

    load_demo_reports(limit=300)
    first = Report.objects.count()
    assert Category.objects.filter(code="problem-business", location_privacy="blurred").exists()
    assert Category.objects.get(code="streetlight").attributes.count() == 2
    before = list(Report.objects.order_by("pk").values_list("pk", "status", "requested_at"))
    assert load_demo_reports(limit=300) is None
    assert Report.objects.count() == first
    assert list(Report.objects.order_by("pk").values_list("pk", "status", "requested_at")) == (
        before
    )
    assert Report.objects.filter(category__code="graffiti").exists()


# Afternoon UTC: the shifted source's last-updated times then straddle "now" (seen in CI).
@pytest.mark.parametrize("hour", [2, 16])
def test_the_demo_sample_is_moved_forward_so_its_newest_request_was_yesterday(db, hour):
    from reports.demo import load_demo_reports

    with time_machine.travel(dt.datetime(2026, 11, 24, hour, 28, tzinfo=dt.UTC), tick=False):
        load_demo_reports(limit=300)
        assert_demo_lies_in_the_past()


def assert_demo_lies_in_the_past() -> None:
    span = Report.objects.aggregate(first=Min("requested_at"), last=Max("requested_at"))
    age = timezone.now() - span["last"]
    assert dt.timedelta(days=1) <= age < dt.timedelta(days=2)
    # The sample covers 1–3 January 2020: shifting keeps its intervals.
    assert span["last"] - span["first"] < dt.timedelta(days=3)
    report = Report.objects.filter(closed_at__isnull=False).first()
    assert report is not None and report.closed_at is not None
    assert report.closed_at >= report.requested_at
    last_update = report.updates.order_by("at").last()
    assert last_update is not None and last_update.at == report.closed_at
    # Nothing lies in the future: what happened later in the source has not happened yet.
    now = timezone.now()
    assert not Report.objects.filter(updated_at__gt=now).exists()
    assert not Report.objects.filter(closed_at__gt=now).exists()
    assert not ReportUpdate.objects.filter(at__gt=now).exists()
    assert Report.objects.filter(is_open=True).exists()
    for rewound in Report.objects.filter(is_open=True)[:20]:
        assert rewound.closed_at is None
        last = rewound.updates.order_by("at", "id").last()
        assert last is not None and rewound.status == last.status
