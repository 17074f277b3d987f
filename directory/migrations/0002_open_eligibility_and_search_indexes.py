"""Load the Open Eligibility taxonomy, and make PostgreSQL's search indexes.

The taxonomy is `directory/data/open_eligibility_terms.csv` (CC BY-SA 3.0, Open
Eligibility Project / Aunt Bertha; see directory/data/README.md). Term ids are UUIDs
derived from code and name, so every installation gives a term the same id (the source
repeats code 1206 for two terms; the first is the parent of its children).

On PostgreSQL: the pg_trgm extension, GIN indexes for English and Spanish full-text
search on `search_text` and a trigram index on `search_title`. The expressions must match
the ones in directory/queries.py for the planner to use them. SQLite gets none of this
(the search falls back to substring matching).
"""

from __future__ import annotations

import csv
import uuid
from pathlib import Path
from typing import Any

from django.db import migrations

NAMESPACE = uuid.UUID("3f9d3c4e-7a4b-4d59-9d0e-6c1e5b8a2f10")
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "open-eligibility")
CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "open_eligibility_terms.csv"


def term_id(code: str, name: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"open-eligibility:{code}:{name}")


def load_taxonomy(apps: Any, schema_editor: Any) -> None:
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=TAXONOMY_ID,
        defaults={
            "name": "Open Eligibility",
            "description": "Open Eligibility taxonomy of human services and situations "
            "(Open Eligibility Project / Aunt Bertha, CC BY-SA 3.0).",
            "uri": "https://github.com/auntbertha/openeligibility",
            "version": "2.0",
        },
    )
    with CSV_PATH.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    first_by_code: dict[str, uuid.UUID] = {}
    for row in rows:
        first_by_code.setdefault(row["id"], term_id(row["id"], row["name"]))
    terms = []
    for row in rows:
        own = term_id(row["id"], row["name"])
        parent = first_by_code.get(row["parent_id"]) if row["parent_id"] else None
        terms.append(TaxonomyTerm(
            id=own, code=row["id"], name=row["name"], description=row["name"],
            parent_id=parent if parent != own else None, taxonomy=taxonomy,
            taxonomy_name="Open Eligibility", language="en",
        ))
    # Parents first, so the foreign keys hold as rows arrive.
    TaxonomyTerm.objects.bulk_create(
        sorted(terms, key=lambda t: t.parent_id is not None), ignore_conflicts=True
    )


def unload_taxonomy(apps: Any, schema_editor: Any) -> None:
    apps.get_model("directory", "TaxonomyTerm").objects.filter(taxonomy_id=TAXONOMY_ID).delete()
    apps.get_model("directory", "Taxonomy").objects.filter(id=TAXONOMY_ID).delete()


POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS directory_service_fts_en ON directory_service "
    "USING gin (to_tsvector('english', search_text))",
    "CREATE INDEX IF NOT EXISTS directory_service_fts_es ON directory_service "
    "USING gin (to_tsvector('spanish', search_text))",
    "CREATE INDEX IF NOT EXISTS directory_service_title_trgm ON directory_service "
    "USING gin (search_title gin_trgm_ops)",
]
POSTGRES_UNDO = [
    "DROP INDEX IF EXISTS directory_service_fts_en",
    "DROP INDEX IF EXISTS directory_service_fts_es",
    "DROP INDEX IF EXISTS directory_service_title_trgm",
]


def search_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_SQL:
            schema_editor.execute(statement)


def drop_search_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_UNDO:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(load_taxonomy, unload_taxonomy),
        migrations.RunPython(search_indexes, drop_search_indexes),
    ]
