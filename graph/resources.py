"""Where xkg's bundled data lives (``data/`` beside the package, or an override)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

#: the project's data folder; XKG_DATA overrides it (for an installed copy without the repo)
DATA_DIR = Path(os.environ.get("XKG_DATA", Path(__file__).resolve().parent.parent / "data"))
ONTOLOGY_DIR = Path(os.environ.get("XKG_ONTOLOGY", Path(__file__).resolve().parent.parent / "ontology"))


def data_path(*parts: str) -> Path:
    return DATA_DIR.joinpath(*parts)


@cache
def word_list(*parts: str) -> tuple[str, ...]:
    """A lexicon file: one entry per line, ``#`` comments and blank lines ignored, order kept."""
    out = []
    for line in data_path(*parts).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)
