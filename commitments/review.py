"""The quarterly review: every open commitment with the age of its last update, for a
community meeting, as a page, a CSV file and a PDF.

The PDF is drawn with fpdf2 (pure Python, pinned in pyproject.toml) and the DejaVu Sans
font kept in commitments/fonts, so producing it needs nothing installed on the system.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from commitments.csvio import neutralise
from commitments.models import Commitment

FONTS = Path(__file__).resolve().parent / "fonts"
# Updates older than this are flagged "stale" on the review.
STALE_DAYS = 90


def review_rows(today: dt.date | None = None) -> list[dict[str, Any]]:
    """Open commitments, stalest first, with the days since their last update."""
    today = today or timezone.localdate()
    now = timezone.now()
    rows = []
    for c in Commitment.objects.for_review():
        age = (now - c.last_update_at).days
        rows.append({
            "commitment": c, "title": c.title, "owner": c.owner.name,
            "side": c.get_side_display(), "status": c.status.name, "progress": c.progress,
            "due_date": c.due_date, "is_overdue": c.due_date < today,
            "last_update": c.last_update_at, "age_days": max(age, 0),
            "is_stale": age >= STALE_DAYS,
        })
    return rows


def csv_rows(rows: list[dict[str, Any]]) -> list[list[str]]:
    header = [_("Commitment"), _("Owner"), _("Side"), _("Status"), _("Progress (%)"),
              _("Due date"), _("Overdue"), _("Last update"), _("Days since last update")]
    body = [[neutralise(v) for v in (
        r["title"], r["owner"], r["side"], r["status"], r["progress"],
        r["due_date"].isoformat(), _("yes") if r["is_overdue"] else _("no"),
        timezone.localtime(r["last_update"]).date().isoformat(), r["age_days"],
    )] for r in rows]
    return [[str(h) for h in header], *body]


def review_pdf(rows: list[dict[str, Any]], today: dt.date | None = None) -> bytes:
    today = today or timezone.localdate()
    pdf = FPDF(orientation="landscape", format="letter")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(_("Quarterly review of commitments"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 9, _("Quarterly review of commitments"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    overdue = sum(1 for r in rows if r["is_overdue"])
    stale = sum(1 for r in rows if r["is_stale"])
    pdf.cell(0, 6, _("%(date)s: %(open)d open commitments, %(overdue)d overdue, %(stale)d "
                     "without an update for %(days)d days or more.") % {
        "date": today.isoformat(), "open": len(rows), "overdue": overdue, "stale": stale,
        "days": STALE_DAYS}, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    widths = (96, 52, 30, 18, 24, 36)
    header = (_("Commitment"), _("Owner"), _("Status"), _("Progress"), _("Due"),
              _("Last update"))
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5,
                   first_row_as_headings=True) as table:
        head = table.row()
        for text in header:
            head.cell(str(text))
        for r in rows:
            line = table.row()
            flags = []
            if r["is_overdue"]:
                flags.append(_("OVERDUE"))
            line.cell(r["title"] + (f"  [{', '.join(flags)}]" if flags else ""))
            line.cell(r["owner"])
            line.cell(r["status"])
            line.cell(f"{r['progress']}%")
            line.cell(r["due_date"].isoformat())
            line.cell(_("%(days)d days ago") % {"days": r["age_days"]}
                      + (" *" if r["is_stale"] else ""))
    pdf.ln(3)
    pdf.cell(0, 5, _("* no update for %(days)d days or more.") % {"days": STALE_DAYS})
    return bytes(pdf.output())
