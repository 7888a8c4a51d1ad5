"""The benchmark's corpus generator (bench/generate.py): reproducible, realistic, readable, original."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys

import pytest
from conftest import CORPUS, ROOT

from graph.pipeline import make_document, process
from graph.read import read_article


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
N = 30


@pytest.fixture(scope="module")
def articles() -> list[tuple[str, str]]:
    return list(gen.generate(N, seed=1))


def _digest(items) -> str:
    h = hashlib.sha256()
    for name, text in items:
        h.update(name.encode() + b"\0" + text.encode("utf-8") + b"\0")
    return h.hexdigest()


def test_same_seed_same_bytes_different_seed_different(articles):
    assert _digest(gen.generate(N, seed=1)) == _digest(articles)
    assert _digest(gen.generate(N, seed=2)) != _digest(articles)
    # article i depends on (seed, i) only: a slice of the corpus is the same articles
    assert list(gen.generate(5, seed=1, start=10)) == articles[10:15]


def test_names_carry_index_and_hash(articles):
    for i, (name, text) in enumerate(articles):
        assert re.fullmatch(rf"{i:06d}_[0-9a-f]{{16}}\.txt", name)
        assert name[7:23] == hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    assert len({text for _, text in articles}) == N


def test_write_corpus_is_reproducible(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    gen.write_corpus(a, 8, seed=3)
    gen.write_corpus(b, 8, seed=3)
    files = sorted(p.name for p in a.iterdir())
    assert len(files) == 8 and files == sorted(p.name for p in b.iterdir())
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes()
        (a / f).read_bytes().decode("utf-8")


def test_lengths_in_range():
    lengths = sorted(len(text) for _, text in gen.generate(300, seed=5))
    assert lengths[0] >= gen.MIN_CHARS and lengths[-1] <= gen.MAX_CHARS
    median = lengths[len(lengths) // 2]
    assert 3500 <= median <= 6500, median


def test_every_article_is_read_and_yields_places_officials_outcomes(articles, tmp_path):
    for name, text in articles:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        doc = process(make_document(read_article(str(path))))
        assert doc.place_mentions, name
        assert doc.officials, name
        assert doc.outcomes, name
        assert doc.initiatives, name
        assert doc.meta.title, name


def test_places_are_consistent_within_an_article(articles):
    from graph.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for name, text in articles[:10]:
        doc = process(make_document(text, name=name))
        provinces = {gaz.province_of(p.code).code for p in doc.places.values()
                     if p.code and p.level in ("City", "District", "Town") and gaz.province_of(p.code)}
        assert len(provinces) <= 1, (name, provinces)


def _sample_sentences() -> set[str]:
    out = set()
    for path in sorted(CORPUS.glob("*.txt")):
        doc = make_document(read_article(str(path)))  # simplified, half-width: as generated text is compared
        for s in re.split(r"[。！？!?；;\n]", doc.text):
            s = s.strip(" \t\u3000-—•#*")
            if len(s) >= 12:
                out.add(s)
    return out


def test_no_sentence_of_the_samples_is_copied():
    sentences = _sample_sentences()
    assert len(sentences) > 200
    for name, text in gen.generate(200, seed=1):
        norm = make_document(text, name=name).text
        copied = [s for s in sentences if s in norm]
        assert not copied, (name, copied[:3])
    template_text = (ROOT / "bench" / "templates.txt").read_text(encoding="utf-8")
    plain = make_document(re.sub(r"\{\w+\}", "", template_text)).text
    assert not [s for s in sentences if s in plain]
