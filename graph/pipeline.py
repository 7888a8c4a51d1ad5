"""One article through every stage: read -> normalise -> extract -> resolve.

>>> doc = make_document("株洲日报记者 王军\\n全市15.8万贫困人口实现脱贫。", name="a.txt")
>>> process(doc).meta.newspaper
'株洲日报'
"""

from __future__ import annotations

import hashlib
import time
from functools import lru_cache
from pathlib import Path

from .document import Document
from .extract.initiatives import InitiativeExtractor
from .extract.metadata import extract_metadata
from .extract.officials import OfficialExtractor
from .extract.outcomes import OutcomeExtractor
from .extract.places import PlaceExtractor
from .normalise import is_traditional, normalise
from .read import RawArticle
from .resolve import Resolver, home_place
from .resources import DATA_DIR

#: bump when extraction changes, so cached results are recomputed
EXTRACTOR_VERSION = "0.1.0"


def make_document(raw: str | RawArticle, name: str = "article.txt", encoding: str = "utf-8") -> Document:
    """A :class:`Document` with its normalised text, ready for the extractors."""
    if isinstance(raw, RawArticle):
        article = raw
    else:
        article = RawArticle(path=name, name=name, text=raw, encoding=encoding,
                             sha1=hashlib.sha1(raw.encode("utf-8")).hexdigest())
    text, offsets = normalise(article.text)
    script = "traditional" if is_traditional(article.text, text) else "simplified"
    return Document(name=article.name, path=article.path, raw=article.text, encoding=article.encoding,
                    sha1=article.sha1, text=text, offsets=offsets, script=script)


@lru_cache(maxsize=1)
def components() -> tuple:
    """The extractors and resolver, built once per process (the gazetteer matcher is costly)."""
    return PlaceExtractor(), OfficialExtractor(), InitiativeExtractor(), OutcomeExtractor(), Resolver()


def process(doc: Document, timings: dict[str, float] | None = None) -> Document:
    """Run metadata, places, officials, initiatives, outcomes and resolution over ``doc``.

    With ``timings``, the seconds spent in each stage are added to it (keys: metadata, places,
    officials, initiatives, outcomes, resolve).
    """
    places, officials, initiatives, outcomes, resolver = components()

    def metadata(d: Document) -> None:
        extract_metadata(d)
        d.meta.home = home_place(d, places.gaz)

    stages = (("metadata", metadata), ("places", places), ("officials", officials),
              ("initiatives", initiatives), ("outcomes", outcomes), ("resolve", resolver))
    for name, stage in stages:
        t0 = time.perf_counter()
        stage(doc)
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
    return doc


def fingerprint() -> str:
    """A hash of everything extraction depends on: the code and the data (lexicons, gazetteer).

    Cached article graphs are keyed by it, so changing a rule or a lexicon recomputes them.
    """
    return _fingerprint(EXTRACTOR_VERSION)


@lru_cache(maxsize=1)
def _fingerprint(version: str) -> str:
    h = hashlib.sha1(version.encode())
    package = Path(__file__).resolve().parent
    # the modules an article's graph depends on (not query, render, serve …)
    stages = ["read", "normalise", "document", "pipeline", "resolve", "rdf", "gazetteer", "namespaces", "resources"]
    files = [package / f"{m}.py" for m in stages] + sorted(package.joinpath("extract").glob("*.py")) + \
        sorted(DATA_DIR.joinpath("lexicon").glob("*")) + sorted(DATA_DIR.joinpath("gazetteer").glob("*.tsv"))
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]
