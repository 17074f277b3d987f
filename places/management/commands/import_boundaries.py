"""manage.py import_boundaries FILE.geojson --level neighborhood [--parent-level district]"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import User
from places.actions import do_import_boundaries
from places.boundaries import BoundaryError, parse_boundaries
from places.models import Area
from trustbeat.lib.datafiles import read_data_bytes


class Command(BaseCommand):
    help = (
        "Import districts, beats or neighborhoods from a GeoJSON FeatureCollection of "
        "(Multi)Polygons in WGS 84. The whole file is checked before anything is written; "
        "areas are matched on level and name, so importing again updates them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="GeoJSON file (a name ending in .gz is decompressed)"
        )
        parser.add_argument("--level", required=True, choices=Area.Level.values)
        parser.add_argument("--name-field", default="name", help="Property holding the name.")
        parser.add_argument("--code-field", default=None, help="Property holding an external id.")
        parser.add_argument(
            "--name-format",
            default="{name}",
            help='Display name pattern, e.g. "Council District {name}".',
        )
        parser.add_argument(
            "--parent-level",
            choices=Area.Level.values,
            help="Link each area to the area of this level it overlaps most.",
        )
        parser.add_argument("--actor", help="Email of the user to record in the audit log.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["parent_level"] == options["level"]:
            raise CommandError(_("--parent-level must differ from --level."))
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email=options["actor"].lower()).first()
            if actor is None:
                raise CommandError(_("No user with email %(email)s.") % {"email": options["actor"]})
        try:
            # A .gz name is decompressed: that is how the repository keeps its boundary files.
            text = read_data_bytes(path)
        except (OSError, EOFError, zlib.error) as exc:
            message = _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}
            raise CommandError(message) from exc
        try:
            features = parse_boundaries(
                text,
                name_field=options["name_field"],
                code_field=options["code_field"],
                name_format=options["name_format"],
            )
        except BoundaryError as exc:
            raise CommandError(
                _("Nothing was imported; %(path)s has %(count)s problem(s):")
                % {"path": path, "count": len(exc.problems)}
                + "\n"
                + "\n".join(f"  - {p}" for p in exc.problems)
            ) from exc
        except (KeyError, IndexError, ValueError) as exc:
            raise CommandError(_("Bad --name-format: %(error)s") % {"error": exc}) from exc
        summary = do_import_boundaries(
            features,
            options["level"],
            actor=actor,
            parent_level=options["parent_level"],
            source=path.name,
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(total)s %(level)s areas from %(file)s: %(created)s created, "
                    "%(updated)s updated, %(unchanged)s unchanged."
                )
                % {
                    "total": summary.total, "level": options["level"], "file": path.name,
                    "created": len(summary.created), "updated": len(summary.updated),
                    "unchanged": len(summary.unchanged),
                }
            )
        )
        if summary.repaired:
            repaired = ", ".join(summary.repaired)
            self.stdout.write(_("Repaired invalid outlines: %(slugs)s") % {"slugs": repaired})
        if options["parent_level"]:
            self.stdout.write(
                _("Linked %(count)s to a %(level)s.")
                % {"count": summary.parents_linked, "level": options["parent_level"]}
            )
            if summary.without_parent:
                self.stdout.write(
                    self.style.WARNING(
                        _("No overlapping %(level)s for: %(slugs)s")
                        % {"level": options["parent_level"],
                           "slugs": ", ".join(summary.without_parent)}
                    )
                )
