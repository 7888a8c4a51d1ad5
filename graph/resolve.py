"""Stage 4, resolve: give every fact its place, and decide which mentions are the same entity.

- The article's **home**: the place its newspaper is named after (株洲日报 -> 株洲市).
- **Scopes**: a commentary signed "(作者系醴陵市委书记)" speaks for 醴陵市 from its start to
  that line; elsewhere the article's **topic** (its most-mentioned city or county) is in scope.
- **Coreference**: 我市 / 全市 / 该区 / 全省 … become the place meant: the scope's place when its
  level fits, else the nearest unit of that level named before, else the scope's ancestor.
- **Place of a fact**: a unit named earlier in the same sentence, else a coreference word there,
  else the scope's place.
- **Credit**: an outcome is credited to the nearest initiative named before it in its paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .document import Document, Initiative, PlaceMention
from .extract.officials import level_char
from .extract.places import place_key, place_of
from .gazetteer import Gazetteer, load_gazetteer
from .resources import word_list

#: how far back in a sentence the place or initiative of a fact is looked for (sentences are far shorter)
MAX_LOOKBACK = 500
_LEVEL_RANK = {"Country": 0, "Province": 1, "City": 2, "District": 3, "Town": 4, "Village": 5}
#: words after a province that make it a yardstick, not the place (全省首批, 全区第二)
_COMPARISON = re.compile(r"(?:第|前|首|排名|排|领先|率先|唯一|最|之首|同类)")
#: what may stand before a clause's subject: a time, 据了解, 目前 …
_TIME_LEAD = re.compile(r"\s*(?:(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?|近年来|今年以来|去年|今年|目前|截至目前|"
                        r"如今|同时|此外|据了解|据介绍|其中)?\s*")
_PAPER_SUFFIX = re.compile(r"(?:日报|晚报|都市报|时报|晨报|商报|特区报)$")
#: the level character a post or coreference word refers to
_TITLE_LEVEL = {"省": "Province", "市": "City", "州": "City", "盟": "City", "区": "District", "县": "District",
                "旗": "District", "镇": "Town", "乡": "Town", "村": "Village"}


@lru_cache(maxsize=1)
def _coref_words() -> dict[str, str]:
    out = {}
    for line in word_list("lexicon", "coreference.txt"):
        word, level = line.split("\t")
        out[word] = level
    return out


@dataclass
class Scope:
    start: int
    end: int
    place: str  # place key


def home_place(doc: Document, gaz: Gazetteer | None = None) -> str | None:
    """The place a newspaper is named after: 株洲日报 -> ``code:430200``."""
    gaz = gaz or load_gazetteer()
    paper = doc.meta.newspaper
    if not paper:
        return None
    stem = _PAPER_SUFFIX.sub("", paper)
    for n in range(len(stem), 1, -1):
        divs = [d for d in gaz.lookup(stem[:n]) if not d.historical and d.level in ("Province", "City", "District")]
        if len(divs) == 1:
            return place_key(divs[0])
        if divs:
            top = min(_LEVEL_RANK[d.level] for d in divs)
            best = [d for d in divs if _LEVEL_RANK[d.level] == top]
            if len(best) == 1:
                return place_key(best[0])
    return None


class Resolver:
    """``Resolver()(doc)``: fills in places of posts, initiatives and outcomes, and outcome credits."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gaz = gazetteer or load_gazetteer()

    # -- context ----------------------------------------------------------------------------
    def _ensure(self, doc: Document, key: str) -> None:
        """Make sure a place key (and its ancestors) is in ``doc.places``."""
        if key in doc.places or not key.startswith("code:"):
            return
        div = self.gaz.get(key[5:])
        if div is None:
            return
        doc.places[key] = place_of(div)
        for anc in self.gaz.ancestors(div.code):
            doc.places.setdefault(place_key(anc), place_of(anc))

    def topic(self, doc: Document) -> str | None:
        """The city or county the article is mostly about (most mentions; ties: named first)."""
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for m in doc.place_mentions:
            p = doc.places.get(m.key)
            if p and p.level in ("City", "District"):
                counts[m.key] += 1
                first.setdefault(m.key, m.start)
        home = doc.meta.home
        if not counts:
            return home
        best = min(counts, key=lambda k: (-counts[k], first[k]))
        return best

    def scopes(self, doc: Document) -> list[Scope]:
        """Stretches of text that speak for one place: signed commentaries."""
        out, prev = [], 0
        for off in doc.officials:
            post = off.posts[0] if off.posts else None
            if post is None or post.jurisdiction is None or post.start <= off.start:
                continue
            # a byline post sits after the text it signs (作者系…), its name on a line before
            if "作者" in doc.text[max(0, post.start - 6):post.start]:
                out.append(Scope(prev, post.end, post.jurisdiction))
                prev = post.end
        return out

    # -- places of facts ---------------------------------------------------------------------
    def _scope_place(self, pos: int) -> str | None:
        for s in self._scopes:
            if s.start <= pos < s.end:
                return s.place
        return self._topic

    def _of_level(self, key: str | None, level: str, char: str | None = None) -> bool:
        p = self._doc.places.get(key) if key else None
        if p is None:
            return False
        if level == "City":  # 市 words: a prefecture city or a county-level city (醴陵市)
            return p.level == "City" or (p.level == "District" and p.name.endswith("市"))
        if char and level == "District":
            return p.level == "District" and p.name.endswith(char)
        return p.level == level

    def _ancestor_at(self, key: str | None, level: str) -> str | None:
        p = self._doc.places.get(key) if key else None
        while p is not None:
            if p.level == level:
                return p.key
            p = self._doc.places.get(p.parent) if p.parent else None
        return None

    def coref(self, level: str, pos: int, char: str | None = None) -> str | None:
        """The place a coreference word of ``level`` at ``pos`` points to."""
        scope = self._scope_place(pos)
        home = self._doc.places.get(self._doc.meta.home) if self._doc.meta.home else None
        word = self._doc.text[pos:pos + 2]
        if word in ("全区", "我区", "本区") and home and home.name.endswith("自治区") \
                and not self._of_level(scope, "District", "区"):
            return home.key  # in a paper of an autonomous region, 全区 is the region
        if self._of_level(scope, level, char):
            return scope
        # the nearest unit of that level named in the preceding 400 characters
        for m in self._mentions_back(pos - 400, pos):
            if self._of_level(m.key, level, char):
                return m.key
        if level == "City":  # (in 重庆, 北京…, a municipality of province level, 市 is the municipality)
            return self._ancestor_at(scope, "City") or self._municipality(scope)
        return self._ancestor_at(scope, level)

    def _municipality(self, key: str | None) -> str | None:
        """The municipality directly under the state (北京市, 重庆市) holding ``key``, if any."""
        province = self._ancestor_at(key, "Province")
        p = self._doc.places.get(province) if province else None
        return province if p is not None and p.name.endswith("市") else None

    def place_at(self, pos: int, rank: bool = False) -> str | None:
        """The place a fact written at ``pos`` belongs to.

        In order: a unit named earlier in the same clause; else the later of a coreference word
        (全市, 该区) and a subject (a unit opening an earlier clause) in the sentence; else the
        scope's place. A province named in the clause for comparison is passed over when the scope
        lies inside it (湖南…认定的第二个市州 in a 株洲 article is about 株洲).
        """
        doc = self._doc
        s = self._clause_start(pos)
        scope = self._scope_place(pos)
        for m in self._mentions_back(s, pos):
            p = doc.places.get(m.key)
            if p is None or m.end > pos:
                continue
            if p.level == "Country" or self._above_scope(m.key, scope, m.end, rank):
                continue
            return m.key
        sent_s = self._sentence_start(pos)
        # the later of a subject and a coreference word in the sentence speaks for the clause
        candidates = [c for c in (self._coref_before(sent_s, pos), self._subject(pos))
                      if c[1] is not None and not self._above_scope(c[1], scope, c[0] + 2, rank)]
        if candidates:
            return max(candidates, key=lambda c: c[0])[1]
        return scope

    def _above_scope(self, key: str, scope: str | None, at: int, rank: bool) -> bool:
        """A province containing the scope's place, named for comparison (全省首批, 居全区第二,
        a rank among its cities): not the place of the fact."""
        p = self._doc.places.get(key)
        if not (p and scope and p.level == "Province" and self._ancestor_at(scope, "Province") == key
                and key != scope):
            return False
        return rank or bool(_COMPARISON.match(self._doc.text, at))

    def _coref_before(self, start: int, pos: int) -> tuple[int, str | None]:
        """Where the last coreference word (全市, 该区) in ``[start, pos)`` is, and the place it means."""
        text = self._doc.text
        best = None
        for w, level in _coref_words().items():
            j = text.rfind(w, start, pos)
            if j >= 0 and (best is None or j > best[0]):
                best = (j, level, w)
        if best is None:
            return -1, None
        return best[0], self.coref(best[1], best[0], best[2][-1] if best[1] == "District" else None)

    def _subject(self, pos: int) -> tuple[int, str | None]:
        """A unit that opens a clause earlier in the sentence as its subject (大方县按照…,建成…35个):
        it stays the place of the sentence. A list of units (炎陵县、茶陵县…) is not a subject."""
        doc = self._doc
        for m in self._mentions_back(self._sentence_start(pos), pos):
            place = doc.places.get(m.key)
            if place is None or place.level in ("Country", "Province"):
                continue
            lead = doc.text[self._clause_start(m.start):m.start]
            if _TIME_LEAD.fullmatch(lead) and doc.text[m.end:m.end + 1] not in "、和与及":
                return m.start, m.key
        return -1, None

    def _mentions_back(self, start: int, pos: int) -> Iterator[PlaceMention]:
        """Place mentions starting in ``[start, pos)``, nearest first (no copy of the list)."""
        i = bisect.bisect_left(self._starts, pos) - 1
        while i >= 0 and self._mentions[i].start >= start:
            yield self._mentions[i]
            i -= 1

    def _sentence_start(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts, at most MAX_LOOKBACK characters back: a page
        without 。 is one "sentence", and must not be rescanned for every fact in it."""
        return max(self._doc.sentence_at(pos)[0], pos - MAX_LOOKBACK)

    def _clause_start(self, pos: int) -> int:
        s = self._sentence_start(pos)
        text = self._doc.text
        for j in range(pos - 1, s - 1, -1):
            if text[j] in ",，;；:：":
                return j + 1
        return s

    def place_of_span(self, start: int, end: int) -> str | None:
        """A place named inside a span (健康芦淞战略 -> 芦淞区), the most specific one."""
        lo, hi = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        inside = [m for m in self._mentions[lo:hi] if m.end <= end]  # mentions are in order of start
        inside = [m for m in inside if self._doc.places[m.key].level != "Country"]
        if not inside:
            return None
        return max(inside, key=lambda m: _LEVEL_RANK[self._doc.places[m.key].level]).key

    # -- the component ------------------------------------------------------------------------
    def __call__(self, doc: Document) -> None:
        self._doc = doc
        if doc.meta.home:
            self._ensure(doc, doc.meta.home)
        self._mentions: list[PlaceMention] = [m for m in doc.place_mentions if m.key in doc.places]
        self._starts = [m.start for m in self._mentions]
        self._credit_index(doc)
        self._topic = self.topic(doc)
        self._scopes = self.scopes(doc)
        for off in doc.officials:
            for i, post in enumerate(off.posts):
                before = off.posts[i - 1] if i else None
                if (post.jurisdiction is None and before is not None and before.jurisdiction
                        and level_char(post.title) is None and post.org is None and 0 <= post.start - before.end <= 1):
                    post.jurisdiction = before.jurisdiction  # 市委常委、秘书长: the 市委's secretary-general
                if post.jurisdiction is None:
                    # the title's level (副县长), else its department's (市公安局局长)
                    char = level_char(post.title) or level_char(post.org or "")
                    level = _TITLE_LEVEL.get(char or "")
                    if level == "Province":
                        post.jurisdiction = self._ancestor_at(self._scope_place(post.start), "Province") or \
                            self._ancestor_at(doc.meta.home, "Province")
                    elif level:
                        post.jurisdiction = self.coref(level, post.start, char if level == "District" else None)
                if post.jurisdiction:
                    self._ensure(doc, post.jurisdiction)
        for ini in doc.initiatives:
            where = self.place_of_span(ini.start, ini.end) or self.place_at(ini.start)
            if where:
                ini.places.append(where)
        for out in doc.outcomes:
            out.place = out.place or self.place_at(out.start, rank=out.unit == "名次")  # (set: a 分别 list)
            credited = self.credit(out.start)
            if credited is not None:
                out.initiative = credited.name

    def credit(self, pos: int) -> Initiative | None:
        """The initiative an outcome at ``pos`` is credited to: one named (again) in its sentence
        before it, else the nearest one named before it in its paragraph."""
        doc = self._doc
        text = doc.text
        sent_s = self._sentence_start(pos)
        nl = bisect.bisect_left(self._newlines, pos)
        para_s = self._newlines[nl - 1] + 1 if nl else 0
        best: tuple[int, Initiative] | None = None
        # each name once (an article repeating one initiative a thousand times is not checked a
        # thousand times per figure), with the earliest end of its mentions
        for name, core, first_end, ini in self._credit_names:
            if first_end > pos:
                continue
            j = max(text.rfind(name, sent_s, pos), text.rfind(core, sent_s, pos) if len(core) >= 3 else -1)
            if j >= 0 and (best is None or j > best[0]):
                best = (j, ini)
        if best is not None:
            return best[1]
        # the last initiative of the paragraph ending before pos (initiatives are in order of start)
        inis = doc.initiatives
        for k in range(bisect.bisect_left(self._ini_starts, pos) - 1, -1, -1):
            if inis[k].start < para_s:
                break
            if inis[k].end <= pos:
                return inis[k]
        return None

    def _credit_index(self, doc: Document) -> None:
        """What :meth:`credit` looks up, computed once per article."""
        names: dict[tuple[str, str], list] = {}
        for ini in doc.initiatives:
            core = ini.surface.strip("“”\"「」『』《》")
            entry = names.setdefault((ini.name, core), [ini.end, ini])
            entry[0] = min(entry[0], ini.end)
        self._credit_names = [(name, core, end, ini) for (name, core), (end, ini) in names.items()]
        self._ini_starts = [ini.start for ini in doc.initiatives]
        if self._ini_starts != sorted(self._ini_starts):
            doc.initiatives.sort(key=lambda i: (i.start, i.end))
            self._ini_starts.sort()
        self._newlines = [m.start() for m in re.finditer("\n", doc.text)]
