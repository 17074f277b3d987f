"""import_hsds on a small HSDS 1.x folder written by the test (made-up rows in the shape of
the DC and Illinois exports)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from directory.models import Attribute, Location, OpeningPeriod, Phone, Schedule, Service

FILES = {
    "organizations.csv": "id,name,description\n1,Lakeside Legal Aid,Free legal help\n"
                         "2,,No name here\n",
    "locations.csv": "id,organization_id,name,latitude,longitude\n"
                     "10,1,Main office,41.88,-87.63\n11,1,Branch,abc,-87.6\n",
    "services.csv": "id,organization_id,name,description,status\n"
                    "100,1,Eviction defense,Help with evictions,active\n"
                    "101,1,Food pantry,Groceries,active\n"
                    "102,1,Broken row,too,many,values,here\n",
    "services_at_location.csv": "id,service_id,location_id\n1,100,10\n2,101,10\n",
    "phones.csv": "id,service_id,number\n1,100,(312) 555-0100\n2,999,(312) 555-0101\n",
    "regular_schedules.csv": "id,service_id,weekday,opens_at,closes_at\n"
                             "1,100,Monday,9:00,17:00\n2,100,Funday,9:00,17:00\n"
                             "3,100,Tuesday,10:00,8:00\n4,101,Friday,19:00,07:00\n",
    "service_attributes.csv": "id,service_id,taxonomy_term_id\n1,100,1375\n2,101,77777\n",
}


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(path: Path) -> str:
    out = StringIO()
    call_command("import_hsds", str(path), stdout=out, stderr=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (Service.objects.count(), Location.objects.count(), Phone.objects.count(),
            Schedule.objects.count(), Attribute.objects.count())


@pytest.mark.django_db
def test_it_loads_a_folder_and_rejects_each_bad_row_with_its_reason(tmp_path):
    output = run(write_folder(tmp_path / "lakeside", FILES))
    assert "rejected organizations.csv row 3: organization without a name" in output
    assert "rejected locations.csv row 3: latitude and longitude must both be valid" in output
    assert "rejected services.csv row 4: more values than columns" in output
    assert "rejected phones.csv row 3: phone belongs to no known service" in output
    assert "rejected regular_schedules.csv row 3: " in output
    assert "Unknown weekday: Funday" in output
    assert "closes (08:00) before it opens (10:00)" in output
    assert "rejected service_attributes.csv row 3: unknown taxonomy term '77777'" in output
    assert counts() == (2, 1, 1, 2, 1)
    assert "Loaded" in output and "rows/s" in output
    pantry = Service.objects.get(name="Food pantry")
    assert OpeningPeriod.objects.get(service=pantry).overnight


@pytest.mark.django_db
def test_re_importing_updates_instead_of_duplicating(tmp_path):
    folder = write_folder(tmp_path / "lakeside", FILES)
    run(folder)
    before = counts()
    changed = dict(FILES, **{"services.csv": FILES["services.csv"].replace(
        "Eviction defense", "Eviction defense clinic")})
    run(write_folder(folder, changed))
    assert counts() == before
    assert Service.objects.filter(name="Eviction defense clinic").count() == 1


@pytest.mark.django_db
def test_a_file_that_fails_as_a_whole_leaves_nothing(tmp_path):
    folder = write_folder(tmp_path / "broken", {"organizations.csv": FILES["organizations.csv"]})
    (folder / "services.csv").write_bytes(b"id,name\n1,Caf\xe9 \xff\xfe\n")
    output = run(folder)
    assert "services.csv: not loaded: not UTF-8 text" in output
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_it_loads_hsds_3_json_pages_and_ndjson(tmp_path):
    import json

    service = {"id": "5b9d8c1e-0d7a-4a57-9f0e-6c1e5b8a2f11", "name": "Counselling", "status":
               "active", "organization": {"id": "6b9d8c1e-0d7a-4a57-9f0e-6c1e5b8a2f11",
                                          "name": "Mind Trust", "description": "x"}}
    page = tmp_path / "services.json"
    page.write_text(json.dumps({"total_items": 1, "contents": [service, {"status": "active"}]}))
    output = run(page)
    assert "rejected services.json row 2: service without a name" in output
    (tmp_path / "more.ndjson").write_text(json.dumps(service) + "\n")
    run(tmp_path / "more.ndjson")
    organization = Service.objects.get().organization
    assert organization is not None and organization.name == "Mind Trust"
