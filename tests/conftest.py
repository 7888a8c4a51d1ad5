"""Shared fixtures: the sample corpus built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus built into a folder, in every format."""
    from graph.build import build

    out = tmp_path_factory.mktemp("sample-graph")
    result = build([CORPUS], out, ["ttl", "nt", "nq", "jsonld"], progress=False, report=lambda m: None)
    assert result.articles == 5 and not result.skipped
    return out
