"""The one object that flows through the pipeline, and the plain facts the extractors add to it.

Like a spaCy ``Doc``: :func:`graph.pipeline.make_document` fills in the text; each extractor
reads it and appends its findings (with character offsets into the normalised ``text``); the
resolver fills in places for them; :mod:`graph.rdf` turns the result into triples. Offsets are
mapped back to the original with :meth:`Document.raw_span`, so evidence is quoted as written.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field
from decimal import Decimal

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|……")
#: evidence longer than this (a "sentence" of a page with no 。) is cut to the clauses around the fact
MAX_EVIDENCE = 400
_CLAUSE_BREAK = re.compile(r"[,，、:：]")


@dataclass(frozen=True)
class Place:
    """A place node: ``key`` is its identity across the corpus (``code:430200`` or ``parent/name``)."""

    key: str
    name: str  # full simplified name, e.g. 株洲市
    level: str  # Country / Province / City / District / Town / Village
    code: str | None = None
    parent: str | None = None  # key of the unit directly above


@dataclass
class PlaceMention:
    start: int
    end: int
    key: str
    surface: str  # normalised text of the mention
    kind: str = "name"  # name | short | chain | coref


@dataclass
class Post:
    title: str  # without the place: 区委书记, 市长, 副局长
    jurisdiction: str | None  # place key
    org: str | None  # department name, with its place: 鹤壁市城管局
    start: int
    end: int
    former: bool = False  # 时任: a post held earlier


@dataclass
class Official:
    name: str
    posts: list[Post]
    start: int
    end: int
    #: later bare mentions of the same person in the article (马富国表示)
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Journalist:
    name: str
    role: str  # reporter | correspondent | photographer | editor
    start: int
    end: int


@dataclass
class Initiative:
    name: str  # as written without quotes, with a following type word: 民生100工程
    start: int
    end: int
    surface: str  # the mention as written (normalised), quotes included
    places: list[str] = field(default_factory=list)  # place keys where it runs


@dataclass
class Outcome:
    value: Decimal
    unit: str
    indicator: str
    start: int  # span of the number and unit
    end: int
    surface: str  # 15.8万人
    qualifier: str | None = None  # approx | more_than | less_than | at_least | at_most
    previous: Decimal | None = None  # the "from" value of 由…降至…
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    place: str | None = None  # place key
    initiative: str | None = None  # initiative name


@dataclass
class Meta:
    newspaper: str | None = None
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    title: str | None = None
    section: str | None = None
    home: str | None = None  # place key the paper writes from


@dataclass
class Document:
    """An article: original text, normalised text, the map between them, and what was found."""

    name: str
    path: str
    raw: str
    encoding: str
    sha1: str
    text: str
    offsets: array  # text index -> raw index; len(text) + 1 entries
    script: str = "simplified"
    meta: Meta = field(default_factory=Meta)
    places: dict[str, Place] = field(default_factory=dict)
    place_mentions: list[PlaceMention] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    journalists: list[Journalist] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    _sentences: list[tuple[int, int]] | None = field(default=None, repr=False)

    # -- offsets --------------------------------------------------------------------------
    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The original-text span of normalised ``text[start:end]``."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        """The original text of normalised span ``[start, end)``, as written."""
        rs, re_ = self.raw_span(start, end)
        return self.raw[rs:re_]

    # -- sentences ------------------------------------------------------------------------
    @property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans in ``text`` (split at 。！？；, line breaks and ……)."""
        if self._sentences is None:
            spans, pos = [], 0
            for m in _SENTENCE_END.finditer(self.text):
                if m.start() > pos:
                    spans.append((pos, m.start() + (1 if self.text[m.start()] in "。！？!?；;" else 0)))
                pos = m.end()
            if pos < len(self.text):
                spans.append((pos, len(self.text)))
            self._sentences = spans
        return self._sentences

    def sentence_at(self, pos: int) -> tuple[int, int]:
        sents = self.sentences
        i = bisect.bisect_right(sents, (pos, len(self.text) + 1)) - 1
        if i >= 0 and sents[i][0] <= pos < max(sents[i][1], sents[i][0] + 1):
            return sents[i]
        return (pos, pos)

    def evidence(self, start: int, end: int) -> str:
        """The sentence (or sentences) holding ``[start, end)``, quoted from the original and
        trimmed; when that is longer than :data:`MAX_EVIDENCE`, the clauses around the span."""
        s, e = self.sentence_at(start)[0], self.sentence_at(max(start, end - 1))[1]
        s, e = min(s, start), max(e, end)
        if e - s > MAX_EVIDENCE:
            # at most MAX_EVIDENCE // 2 characters either side, from and to a clause break there
            lo, hi = max(s, start - MAX_EVIDENCE // 2), min(e, end + MAX_EVIDENCE // 2)
            before = [m.end() for m in _CLAUSE_BREAK.finditer(self.text, lo, start)]
            after = _CLAUSE_BREAK.search(self.text, end, hi)
            s, e = (before[-1] if before else lo), (after.end() if after else hi)
        return self.quote(s, e).strip(" \t\u3000?")
