"""Stage 5, build RDF: one article's facts as the triples of its own named graph.

Each article's graph is a pure function of that article (and the gazetteer), so graphs can be
built in parallel, cached by content hash, and merged by plain union. Identity across the corpus
comes from the IRIs, which are made from stable keys, never from the order of articles:

- a place with an administrative code: ``id/place/430200``; without one: a hash of its parent's
  key and its name;
- an official: a hash of the name and the place of the post (two 王军 in two places are two
  people); a post, an outcome, a mention: a hash of the article and the span;
- an initiative: a hash of its name without quotes (“民生100”工程 = 民生100工程) and the city or
  province it runs in (two cities' “十大民生实事” are two programmes);
- an article: the first 16 hex digits of the SHA-1 of its text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from . import namespaces as ns
from .document import MAX_EVIDENCE, Document, Official, Place, Post
from .extract.initiatives import canonical_name
from .normalise import to_simplified


class _Terms:
    """A namespace whose terms are plain strings, looked up once: ``XK.Place`` here is the IRI as a
    ``str``, not an rdflib ``URIRef`` (validated and built anew on every access)."""

    def __init__(self, namespace: str):
        self._base = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        value = self._base + name
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return self._base + name


XK, XKI, RDF, RDFS, SKOS, PROV, DCTERMS, QB, XSD = (
    _Terms(n) for n in (ns.XK, ns.XKI, ns.RDF, ns.RDFS, ns.SKOS, ns.PROV, ns.DCTERMS, ns.QB, ns.XSD))

#: a triple as three terms in N-Triples syntax (``<iri>`` or ``"literal"^^<datatype>``): plain strings,
#: because building rdflib terms for millions of triples is the slow part of a large build
Triple = tuple[str, str, str]

_NT_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t]')


def _escape(value: str) -> str:
    # most values need no escape, and a regex test is far cheaper than translate() over Chinese text
    return value.translate(_NT_ESCAPE) if _NEEDS_ESCAPE.search(value) else value


def lit(value: str) -> str:
    """A plain (xsd:string) literal in N-Triples syntax.

    >>> lit('他说"好"')
    '"他说\\\\"好\\\\""'
    """
    return f'"{_escape(value)}"'


def typed(value: str, datatype: str) -> str:
    """A typed literal in N-Triples syntax."""
    return f'"{_escape(value)}"^^<{datatype}>'


def term(x: str) -> str:
    """An IRI or an already formatted literal, in N-Triples syntax."""
    return x if x[:1] == '"' else f"<{x}>"

GAZETTEER = XKI["gazetteer"]
OUTCOMES_DATASET = XKI["dataset/outcomes"]
LEVEL_CLASS = {"Country": XK.Country, "Province": XK.Province, "City": XK.City, "District": XK.District,
               "Town": XK.Town, "Village": XK.Village}
ROLE_PROPERTY = {"reporter": XK.reporter, "correspondent": XK.correspondent,
                 "photographer": XK.photographer, "editor": XK.editor}


def _h(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def post_evidence(doc: Document, off: Official, post: Post) -> str:
    """What states that ``off`` holds ``post``: the text from the name to the title when they are
    near (芦淞区委副书记、区长杨晓江表示…); else the title's own sentence. A signed commentary
    names its author alone on a line at the top and gives the post at the end (作者系…县委书记):
    quoting from the name on would show the opening paragraphs, which say nothing of the post.

    >>> from graph.pipeline import make_document, process
    >>> doc = process(make_document("周建华\\n\\n" + "脱贫攻坚成效明显。" * 60 + "\\n（作者系金寨县委书记）\\n"))
    >>> post_evidence(doc, doc.officials[0], doc.officials[0].posts[0])
    '（作者系金寨县委书记）'
    """
    lo, hi = min(post.start, off.start), max(post.end, off.end)
    if hi - lo > MAX_EVIDENCE:
        lo, hi = post.start, post.end
    return doc.evidence(lo, hi)


def article_iri(doc: Document) -> str:
    return XKI[f"article/{doc.sha1[:16]}"]


@lru_cache(maxsize=1 << 16)  # ~60 calls an article, over a few thousand places
def place_iri(key: str) -> str:
    if key.startswith("code:") and "/" not in key:
        return XKI["place/" + re.sub(r"[^0-9A-Za-z]+", "-", key[5:])]
    return XKI["place/x" + _h(key)]


def official_key(name: str, jurisdiction: str | None, doc: Document) -> str:
    # without a place nothing says two mentions are one person: keep them apart per article
    return f"{name}|{jurisdiction}" if jurisdiction else f"{name}|?{doc.sha1}"


def official_iri(key: str) -> str:
    return XKI["official/" + _h(key)]


def initiative_key(name: str, place: Place | None, doc: Document) -> str:
    """An initiative is its name within the city (or province) that runs it: “十大民生实事” of one
    city and of another are two programmes; 民生100工程 of 株洲市 and of its district 芦淞区 one."""
    scope = _scope_of(place, doc) if place else None
    return canonical_name(name) + (f"@{scope}" if scope else "")


def _scope_of(place: Place, doc: Document) -> str | None:
    p: Place | None = place
    while p is not None:
        if p.level in ("City", "Province", "Country"):
            return p.key
        p = doc.places.get(p.parent) if p.parent else None
    return None


def initiative_iri(key: str) -> str:
    return XKI["initiative/" + _h(key)]


def _decimal(value: Decimal) -> str:
    return typed(format(value, "f"), XSD.decimal)


def _date_literal(value: str) -> str:
    dtype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return typed(value, dtype)


def _int(value: int) -> str:
    return typed(str(value), XSD.nonNegativeInteger)


class _Writer:
    """Collects one article's triples; remembers which entities already got their evidence."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.article = article_iri(doc)
        self.triples: list[Triple] = []
        self.evidenced: set[str] = set()
        self.surfaces: set[tuple[str, str]] = set()

    def add(self, s: str, p: str, o: str) -> None:
        """Add a triple: ``s``, ``p`` IRIs; ``o`` an IRI or a literal made by :func:`lit` / :func:`typed`."""
        self.triples.append((f"<{s}>", f"<{p}>", term(o)))

    def mention(self, entity: str, start: int, end: int) -> None:
        """A character-level mention of ``entity``; its first one also gives its evidence here.

        One ``xk:Mention`` per way the article writes the entity (株洲, 株洲市, 鶴壁市), at its first
        place: repeating the same surface fifty times would add nothing a reader can check, and
        mentions were half of a large graph.
        """
        doc = self.doc
        rs, re_ = doc.raw_span(start, end)
        surface_key = (entity, doc.raw[rs:re_])
        if surface_key in self.surfaces:
            return
        self.surfaces.add(surface_key)
        m = XKI[f"mention/{doc.sha1[:16]}-{rs}-{re_}"]
        self.add(entity, XK.mention, m)
        self.add(m, RDF.type, XK.Mention)
        self.add(m, XK.inArticle, self.article)
        self.add(m, XK.start, _int(rs))
        self.add(m, XK.end, _int(re_))
        self.add(m, XK.surface, lit(doc.raw[rs:re_]))
        if entity not in self.evidenced:
            self.evidenced.add(entity)
            self.add(entity, XK.evidence, lit(doc.evidence(start, end)))


def _place_triples(w: _Writer, place: Place, mentioned: bool, alt: set[str]) -> None:
    iri = place_iri(place.key)
    w.add(iri, RDF.type, LEVEL_CLASS[place.level])
    w.add(iri, RDFS.label, lit(place.name))
    if place.code and re.fullmatch(r"CN|\d{6}|\d{9}|\d{12}", place.code):
        w.add(iri, XK.adminCode, lit(place.code))
    if place.parent:
        w.add(iri, XK.locatedIn, place_iri(place.parent))
    w.add(iri, PROV.wasDerivedFrom, w.article if mentioned else GAZETTEER)
    for a in sorted(alt - {place.name}):
        w.add(iri, SKOS.altLabel, lit(a))


def document_triples(doc: Document, short_forms: dict[str, list[str]] | None = None) -> list[Triple]:
    """The triples of one article's named graph, in a stable order."""
    w = _Writer(doc)
    art = w.article
    w.add(art, RDF.type, XK.Article)
    w.add(art, DCTERMS.identifier, lit(doc.name))
    w.add(art, XK.contentHash, lit(doc.sha1))
    w.add(art, XK.encoding, lit(doc.encoding))
    w.add(art, XK.script, lit(doc.script))
    meta = doc.meta
    if meta.title:
        w.add(art, DCTERMS.title, lit(meta.title))
    if meta.date:
        w.add(art, DCTERMS.date, _date_literal(meta.date))
    if meta.newspaper:
        w.add(art, XK.newspaper, lit(meta.newspaper))
    if meta.section:
        w.add(art, XK.section, lit(meta.section))
    if meta.home:
        w.add(art, XK.homePlace, place_iri(meta.home))
    for j in doc.journalists:
        person = XKI["person/" + _h(j.name, meta.newspaper or doc.sha1)]
        w.add(person, RDF.type, XK.Journalist)
        w.add(person, RDFS.label, lit(j.name))
        w.add(art, ROLE_PROPERTY[j.role], person)

    # places: every one named, and the hierarchy above them
    mentioned: dict[str, set[str]] = {}
    for m in doc.place_mentions:
        if m.key in doc.places:
            alt = mentioned.setdefault(m.key, set())
            written = doc.quote(m.start, m.end)
            alt.update({written, m.surface} if m.kind != "coref" else set())
    used = set(mentioned)
    used.update(p.jurisdiction for o in doc.officials for p in o.posts if p.jurisdiction)
    used.update(k for i in doc.initiatives for k in i.places)
    used.update(o.place for o in doc.outcomes if o.place)
    if meta.home:
        used.add(meta.home)
    closure: set[str] = set()
    for key in used:
        while key and key in doc.places and key not in closure:
            closure.add(key)
            key = doc.places[key].parent
    for key in sorted(closure):
        place = doc.places[key]
        alt = set(mentioned.get(key, ()))
        if short_forms and place.code in short_forms:
            alt.update(short_forms[place.code])
        _place_triples(w, place, key in mentioned, {a for a in alt if a})
    for m in doc.place_mentions:
        if m.key in mentioned:
            w.mention(place_iri(m.key), m.start, m.end)

    # officials and their posts
    for off in doc.officials:
        jur = next((p.jurisdiction for p in off.posts if p.jurisdiction), None)
        person = official_iri(official_key(off.name, jur, doc))
        w.add(person, RDF.type, XK.Official)
        w.add(person, RDFS.label, lit(off.name))
        w.add(person, PROV.wasDerivedFrom, art)
        w.mention(person, off.start, off.end)
        for s_, e_ in off.mentions:
            w.mention(person, s_, e_)
        for post in off.posts:
            rs, _ = doc.raw_span(post.start, post.end)
            piri = XKI["post/" + _h(str(person), post.title, post.jurisdiction or "", post.org or "", doc.sha1)]
            w.add(person, XK.holds, piri)
            if piri in w.evidenced:
                continue
            w.add(piri, RDF.type, XK.Post)
            w.add(piri, RDFS.label, lit(_post_label(doc, post.title, post.jurisdiction, post.org)))
            w.add(piri, XK.title, lit(post.title))
            if post.jurisdiction:
                w.add(piri, XK.jurisdiction, place_iri(post.jurisdiction))
            if post.org:
                dept = XKI["department/" + _h(post.org)]
                w.add(piri, XK.org, dept)
                w.add(dept, RDF.type, XK.Department)
                w.add(dept, RDFS.label, lit(post.org))
                w.add(dept, PROV.wasDerivedFrom, art)
                if dept not in w.evidenced:
                    w.evidenced.add(dept)
                    w.add(dept, XK.evidence, lit(doc.evidence(post.start, post.end)))
                if post.jurisdiction:
                    w.add(dept, XK.partOf, place_iri(post.jurisdiction))
            if post.former:
                w.add(piri, XK.former, typed("true", XSD.boolean))
            w.add(piri, PROV.wasDerivedFrom, art)
            w.evidenced.add(piri)
            w.add(piri, XK.evidence, lit(post_evidence(doc, off, post)))

    # initiatives
    ini_iri: dict[str, str] = {}
    for ini in doc.initiatives:
        where = doc.places.get(ini.places[0]) if ini.places else None
        iri = initiative_iri(initiative_key(ini.name, where, doc))
        ini_iri.setdefault(ini.name, iri)
        label = canonical_name(ini.name)
        w.add(iri, RDF.type, XK.Initiative)
        w.add(iri, RDFS.label, lit(label))
        w.add(iri, PROV.wasDerivedFrom, art)
        written = doc.quote(ini.start, ini.end)
        for alt in {written.strip("“”\"「」『』《》"), to_simplified(written).strip("“”\"「」『』《》")}:
            if alt and alt != label:
                w.add(iri, SKOS.altLabel, lit(alt))
        for key in ini.places:
            w.add(iri, XK.implementedIn, place_iri(key))
        w.mention(iri, ini.start, ini.end)

    # outcomes
    for out in doc.outcomes:
        rs, re_ = doc.raw_span(out.start, out.end)
        iri = XKI[f"outcome/{doc.sha1[:16]}-{rs}-{re_}"]
        w.add(iri, RDF.type, XK.Outcome)
        w.add(iri, RDFS.label, lit(f"{out.indicator} {out.surface}"))
        w.add(iri, QB.dataSet, OUTCOMES_DATASET)
        w.add(iri, XK.value, _decimal(out.value))
        w.add(iri, XK.unit, lit(out.unit))
        w.add(iri, XK.indicator, lit(out.indicator))
        w.add(iri, XK.surfaceValue, lit(doc.raw[rs:re_]))
        if out.qualifier:
            w.add(iri, XK.qualifier, lit(out.qualifier))
        if out.previous is not None:
            w.add(iri, XK.previousValue, _decimal(out.previous))
        if out.place:
            w.add(iri, XK.place, place_iri(out.place))
        if out.date:
            w.add(iri, XK.date, _date_literal(out.date))
        if out.initiative and out.initiative in ini_iri:
            w.add(iri, XK.initiative, ini_iri[out.initiative])
        w.add(iri, PROV.wasDerivedFrom, art)
        w.evidenced.add(iri)
        w.add(iri, XK.evidence, lit(doc.evidence(out.start, out.end)))
    return list(dict.fromkeys(w.triples))  # without repeats, first occurrence kept


def _post_label(doc: Document, title: str, jurisdiction: str | None, org: str | None) -> str:
    if org:
        return org + title
    place = doc.places.get(jurisdiction) if jurisdiction else None
    if place is None or place.level == "Country":
        return title
    # 芦淞区 + 区委书记 -> 芦淞区委书记 (the level char is written once)
    if title[:1] == place.name[-1:]:
        return place.name + title[1:]
    return place.name + title


def gazetteer_triples() -> Iterator[Triple]:
    """The description of the gazetteer dataset places are derived from."""
    for s, p, o in (
        (GAZETTEER, RDF.type, XK.Gazetteer),
        (GAZETTEER, RDFS.label, lit("中华人民共和国县级以上行政区划代码及乡镇级区划 (民政部, 2025-12-31)")),
        (OUTCOMES_DATASET, RDF.type, QB.DataSet),
        (OUTCOMES_DATASET, QB.structure, XK.OutcomeStructure),
        (OUTCOMES_DATASET, RDFS.label, lit("xkg outcomes")),
    ):
        yield f"<{s}>", f"<{p}>", term(o)



def nquad(s: str, p: str, o: str, g: str | None = None) -> str:
    """One N-Quads line (an N-Triples line when ``g`` is None) from N-Triples terms."""
    return f"{s} {p} {o} {g} .\n" if g is not None else f"{s} {p} {o} .\n"
