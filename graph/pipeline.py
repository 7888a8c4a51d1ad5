"""One article through every stage: read -> normalise -> extract -> resolve.

>>> doc = make_document("株洲日报记者 王军\\n全市15.8万贫困人口实现脱贫。", name="a.txt")
>>> process(doc).meta.newspaper
'株洲日报'
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from .document import Document
from .extract.initiatives import InitiativeExtractor
from .extract.metadata import extract_metadata
from .extract.officials import OfficialExtractor
from .extract.outcomes import OutcomeExtractor
from .extract.places import PlaceExtractor
from .normalise import is_traditional, normalise
from .read import RawArticle
from .resolve import Resolver, home_place

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


def process(doc: Document) -> Document:
    """Run metadata, places, officials, initiatives, outcomes and resolution over ``doc``."""
    places, officials, initiatives, outcomes, resolver = components()
    extract_metadata(doc)
    doc.meta.home = home_place(doc, places.gaz)
    places(doc)
    officials(doc)
    initiatives(doc)
    outcomes(doc)
    resolver(doc)
    return doc
