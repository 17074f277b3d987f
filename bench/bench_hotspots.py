"""Gi* hotspots over every H3 cell of one category (target < 2 s; ≥ 10× esda).

Rows measured in the same run, on the same input (the category's cell counts over the
last 365 days, zero-filled over every cell with any report, neighbours = H3 k-ring 1):
- the whole Django path: aggregate counts from the database, neighbours, Gi*, FDR;
- the statistics alone (reports.hotspots: weights matrix + Gi* + FDR);
- PySAL esda `G_Local(star=True, transform="B", permutations=0)` with libpysal `W` built
  from the same neighbour lists — the baseline for the ratio.
"""

from __future__ import annotations

import warnings
from typing import Any

CODE = "pothole"


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    import numpy as np
    from common import timed
    from esda.getisord import G_Local
    from libpysal.weights import W

    from reports.hotspot_queries import Window, category_hotspots, cell_counts, study_cells
    from reports.hotspots import gi_star, h3_neighbour_indexes, weights_matrix
    from reports.models import Category

    category = Category.objects.get(code=CODE)
    window = Window.last_days(365)
    counts = dict.fromkeys(study_cells(window), 0)
    counts.update(cell_counts(category, window))
    cells = sorted(counts)
    y = np.array([counts[c] for c in cells], dtype=float)
    neighbours = h3_neighbour_indexes(cells)
    without_self = {i: [j for j in nb if j != i] for i, nb in enumerate(neighbours)}

    def ours() -> None:
        gi_star(y, weights_matrix(neighbours, len(cells)))

    def esda() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            G_Local(y, W(without_self, silence_warnings=True), star=True, transform="B",
                    permutations=0)

    # Agreement check on this very input, so the ratio compares equal answers.
    ours_result = gi_star(y, weights_matrix(neighbours, len(cells)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = G_Local(y, W(without_self, silence_warnings=True), star=True,
                            transform="B", permutations=0)
    max_dz = float(np.abs(ours_result.z - reference.Zs).max())
    note = f"{len(cells):,} cells, {int(y.sum()):,} reports; max |z - z_esda| = {max_dz:.1e}"
    return [
        {"name": f"Gi* {CODE}, 365 days: database + statistics",
         **timed(lambda: category_hotspots(category, window), repeat=10, warmup=1),
         "target_ms": 2000, "note": note},
        {"name": "Gi* statistics only (reports.hotspots)", **timed(ours, repeat=30),
         "baseline": "Gi* esda G_Local(star=True), same input"},
        {"name": "Gi* esda G_Local(star=True), same input", **timed(esda, repeat=10, warmup=1)},
    ]
