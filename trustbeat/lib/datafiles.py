"""Find and open the public data files the demo and the importers read, plain or gzipped.

The repository keeps its copies compressed (`data/places/*.geojson.gz`,
`data/311/*.csv.gz`) so a clone stays small, while a `DEMO_DATA_DIR` pointed at a folder
of uncompressed originals must work too. So callers ask for the plain name and get
whichever of `NAME` or `NAME.gz` exists.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO


class MissingDataFile(FileNotFoundError):
    """A data file exists neither plain nor gzipped; the message says where we looked."""


def find_data_file(directory: Path, name: str) -> Path:
    plain = directory / name
    if plain.exists():
        return plain
    packed = directory / f"{name}.gz"
    if packed.exists():
        return packed
    raise MissingDataFile(
        f"Data file {name!r} (or {name}.gz) not found in {directory}. The repository ships it "
        "in data/; if DEMO_DATA_DIR is set, check that it points at a folder with the same "
        "layout (places/, 311/)."
    )


def is_gzipped(path: Path | str) -> bool:
    return str(path).endswith(".gz")


def read_data_bytes(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if is_gzipped(path) else path.read_bytes()


def open_data_text(path: Path | str, *, errors: str = "strict") -> IO[str]:
    """A text handle for CSV reading (newline="" as the csv module wants); a BOM is dropped."""
    if is_gzipped(path):
        return gzip.open(path, "rt", newline="", encoding="utf-8-sig", errors=errors)
    return open(path, newline="", encoding="utf-8-sig", errors=errors)  # noqa: SIM115
