"""Places: every administrative unit an article names, linked to the national gazetteer.

Three sources of mentions, in order of trust:

1. gazetteer names (full names, short forms such as 株洲 for 株洲市, and former names) found by a
   dictionary matcher; ambiguous names (鼓楼区 is in several cities) are settled by the article's other
   places and its newspaper, and dropped when the context does not decide;
2. chains written together after a known unit (炎陵县霞阳镇大源村): towns and villages, their
   parents taken from the chain;
3. free-standing towns and villages written with their suffix, kept only when the gazetteer
   places them in the article's context.

>>> from graph.pipeline import make_document
>>> doc = make_document("湖南省株洲市炎陵县霞阳镇大源村贫困户增收。", name="t.txt")
>>> PlaceExtractor()(doc)
>>> [(doc.places[m.key].name, doc.places[m.key].level) for m in doc.place_mentions]
[('湖南省', 'Province'), ('株洲市', 'City'), ('炎陵县', 'District'), ('霞阳镇', 'Town'), ('大源村', 'Village')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document, Place, PlaceMention
from ..gazetteer import Division, Gazetteer, load_gazetteer
from ..resources import word_list
from .matcher import DictMatcher

TOWN_SUFFIX = r"(?:镇|乡|街道|苏木|示范区|管理区|办事处)"
VILLAGE_SUFFIX = r"(?:村|社区|居委会|嘎查)"
#: a town or village written straight after its parent (霞阳镇 after 炎陵县)
_CHAIN_TOWN = re.compile(rf"([\u4e00-\u9fff]{{2,4}}?){TOWN_SUFFIX}")
_CHAIN_VILLAGE = re.compile(rf"([\u4e00-\u9fff]{{2,4}}?){VILLAGE_SUFFIX}")
_NOT_TOWN = {"城乡", "乡镇", "村镇", "集镇", "城镇", "重镇", "名镇", "小镇", "特色小镇", "县乡", "市乡", "区乡",
             "全乡", "全镇", "各乡", "各镇", "该镇", "该乡", "本镇", "我镇", "农村", "乡村", "城乡居民", "新农村"}
_NOT_VILLAGE_START = ("全", "该", "各", "本", "我", "每", "贫困", "行政", "自然", "重点", "示范", "美丽", "文明",
                      "城中", "农", "乡", "个", "等", "和", "与", "及")
#: a physical feature or street named after a place: 中山路, 湘江 are not the place
_FEATURE_AFTER = re.compile(r"(?:路(?!街道)|大道|大街|街(?!道)|巷|公园|广场|大桥|桥|湖|江|河|溪|水库|山(?![区县市])|"
                            r"岭|峰|港|湾|机场|火车站|高铁站|码头)")
_NOT_NAME_CHARS = re.compile(r"[和与及的、]")
#: a village or community after a verb of place, then a boundary (所属野鸭冲社区提出…, 走进石门村,)
_STANDALONE_VILLAGE = re.compile(r"(?:所属|位于|来到|走进|地处|家住|居住在|住在)"
                                 r"(?P<name>[\u4e00-\u9fff]{2,4}?(?P<suffix>村|社区))"
                                 r"(?=[,，。、;；:：\s的党村居委]|提出|开展|建成|有)")
#: ... or at the start of a clause, before its own post (,禾兴社区党委书记杨秀英说, 从桃花村党支部书记…):
#: found from the suffix and its post, then the name before it (a scan for names everywhere is slower)
_VILLAGE_POST = re.compile(r"(?:村|社区)(?=党支部|党总支|党委|支部书记|村委会|居委会|村民委员会|第一书记|书记|主任)")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_NOT_VILLAGE_CORE = {"所属", "当地", "本地", "附近", "城乡", "新型", "和谐", "文明", "美丽", "幸福", "示范", "试点",
                     "重点", "全国", "全省", "农村", "城市", "老旧", "偏远", "山区", "贫困", "各个", "整个", "这个",
                     "那个", "新农", "空心", "帮扶", "脱贫", "移民", "安置", "搬迁", "智慧", "先进", "样板", "星级",
                     "省级", "市级", "县级", "基层", "街道", "易地", "城镇", "乡镇", "特色", "中心", "旅游", "生态",
                     "红色", "传统", "民族", "边境", "少数民族", "集体", "行政"}
#: a core ending so is a verb before 村 (派驻村第一书记, 包村干部), not a name
_NOT_VILLAGE_END = ("驻", "包", "联", "进", "到", "在", "下", "入", "回", "出")
_TOWN_OFFICE = re.compile(r"办事处|办|党工委")
_DEPARTMENT_AFTER = re.compile(r"建设|局|厅|委|办|管理|服务|中心|工作")
#: characters after which a place name may start a new word
_BOUNDARY_CHARS = set("在到赴和与及至从对向于、的是为了由经")
_LEVEL_RANK = {"Country": 0, "Province": 1, "City": 2, "District": 3, "Town": 4, "Village": 5}
_LEVEL_OF_SUFFIX = {"镇": "Town", "乡": "Town", "街道": "Town", "苏木": "Town", "示范区": "Town",
                    "管理区": "Town", "办事处": "Town", "村": "Village", "社区": "Village", "居委会": "Village",
                    "嘎查": "Village"}


def place_key(div: Division) -> str:
    return f"code:{div.code}"


def place_of(div: Division) -> Place:
    parent = f"code:{div.parent}" if div.parent else None
    return Place(key=place_key(div), name=div.name, level=div.level, code=div.code, parent=parent)


@dataclass
class _Hit:
    start: int
    end: int
    surface: str
    divisions: list[Division]
    short: bool


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(word_list("lexicon", "place_stopwords.txt"))


def _starts_word(text: str, i: int) -> bool:
    """Whether a name may start at ``i``: the text's start, after a non-Chinese character, or after
    a preposition or particle (_BOUNDARY_CHARS)."""
    return i == 0 or not "\u4e00" <= text[i - 1] <= "\u9fff" or text[i - 1] in _BOUNDARY_CHARS


def _village_core(core: str) -> bool:
    """Whether ``core`` (a village's name without 村/社区) can be a name, not a modifier or a verb."""
    return not (core.startswith(_NOT_VILLAGE_START) or core in _NOT_VILLAGE_CORE or core.endswith(_NOT_VILLAGE_END)
                or _NOT_NAME_CHARS.search(core))


def _villages_before_posts(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, suffix)`` of each village or community named before its own post: two to four
    characters before the suffix, the longest that starts a word."""
    out = []
    for m in _VILLAGE_POST.finditer(text):
        for k in (4, 3, 2):
            start = m.start() - k
            if start < 0 or not _HAN_RUN.fullmatch(text, start, m.start()):
                continue
            if _starts_word(text, start):
                out.append((start, m.end(), m.group()))
                break
    return out


class PlaceExtractor:
    """Callable pipeline component: ``PlaceExtractor()(doc)`` fills ``doc.places`` and ``doc.place_mentions``."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gaz = gazetteer or load_gazetteer()
        stop = _stopwords()
        names = [n for n in self.gaz.names() if len(n) >= 2 and n not in stop]
        self.matcher = DictMatcher(names)

    # -- candidates --------------------------------------------------------------------------
    def _hits(self, text: str) -> list[_Hit]:
        hits = []
        for start, end, surface in self.matcher.finditer(text):
            divs = self.gaz.lookup(surface)
            if not divs:
                continue
            short = all(d.name != surface for d in divs)
            if short:
                # a former unit is only ever meant by its full former name (株洲县), never by a short one
                divs = [d for d in divs if not d.historical]
                if not divs:
                    continue
                nxt = text[end:end + 3]
                if _FEATURE_AFTER.match(nxt):
                    continue
            hits.append(_Hit(start, end, surface, divs, short))
        return hits

    def _context(self, doc: Document, hits: list[_Hit]) -> set[str]:
        """Codes of the units the article is surely about: unambiguous full names and its home."""
        ctx: set[str] = set()
        for h in hits:
            current = [d for d in h.divisions if not d.historical]
            if not h.short and len(current) == 1 and current[0].level in ("Province", "City", "District"):
                before = doc.text[h.start - 1] if h.start else ""
                glued = before and "\u4e00" <= before <= "\u9fff" and before not in _BOUNDARY_CHARS
                if current[0].level != "District" or not glued:
                    ctx.add(current[0].code)
        home = doc.meta.home
        if home and home.startswith("code:"):
            ctx.add(home[5:])
        # ancestors belong to the context too (a district's city, a city's province)
        for code in list(ctx):
            ctx.update(a.code for a in self.gaz.ancestors(code) if a.level != "Country")
        return ctx

    def _choose(self, h: _Hit, ctx: set[str], text: str) -> Division | None:
        divs = h.divisions
        current = [d for d in divs if not d.historical] or divs
        inside = [d for d in current if d.code in ctx or any(self.gaz.is_within(d.code, c) for c in ctx)]
        if ctx and not inside and current[0].level in ("District", "Town"):
            # a county far from the article's places: only when written as a word of its own
            # (以上城区 is not 上城区, 新增城区 not 增城区)
            before = text[h.start - 1] if h.start else ""
            # (but 恩施州咸丰县: after a prefecture written as its short form and 州, a new name starts)
            if before and "\u4e00" <= before <= "\u9fff" and before not in _BOUNDARY_CHARS and before not in "州盟":
                return None
            if any(d.historical for d in divs) and len(current) == len(divs) and current[0].historical:
                return None
        if h.short:
            # short forms of counties and towns are trusted only inside the article's context
            if len(current) == 1 and current[0].level in ("Country", "Province", "City"):
                return current[0]
            if len(current) == 1 and current[0].level == "District" and not ctx:
                return None
            pool = inside
        else:
            if len(current) == 1 and current[0].level != "Town":
                return current[0]
            pool = inside
        # several inside the province: the one inside a city the article names (南京市鼓楼区)
        if len(pool) > 1:
            cities = [c for c in ctx if (cd := self.gaz.get(c)) is not None and cd.level == "City"]
            in_city = [d for d in pool if any(self.gaz.is_within(d.code, c) for c in cities)]
            if in_city:
                pool = in_city
        # prefer the higher unit when a name is both (吉林省/吉林市 for 吉林): the reader means the bigger one
        if len(pool) > 1:
            best = min(_LEVEL_RANK[d.level] for d in pool)
            pool = [d for d in pool if _LEVEL_RANK[d.level] == best]
        return pool[0] if len(pool) == 1 else None

    # -- the component ------------------------------------------------------------------------
    def __call__(self, doc: Document) -> None:
        text = doc.text
        hits = self._hits(text)
        ctx = self._context(doc, hits)
        taken: list[tuple[int, int]] = []
        for h in hits:
            div = self._choose(h, ctx, text)
            if div is None:
                continue
            self._add(doc, div, h.start, h.end, "short" if h.short else "name")
            taken.append((h.start, h.end))
            if div.level in ("City", "District", "Town"):
                self._chain(doc, div, h.end)
        self._standalone_villages(doc)
        self._villages_again(doc)
        doc.place_mentions.sort(key=lambda m: (m.start, m.end))
        # a chain can re-find what the trie found: keep one mention per span
        seen, unique = set(), []
        for m in doc.place_mentions:
            if (m.start, m.end) not in seen:
                seen.add((m.start, m.end))
                unique.append(m)
        doc.place_mentions[:] = unique

    def _standalone_villages(self, doc: Document) -> None:
        """A village or community named on its own after a verb of place (向所属野鸭冲社区提出申请,
        走进石门村) or before its own post (黄桥村党支部书记): its parent is not known, so it is keyed by
        the article's home and its name."""
        taken = [(m.start, m.end) for m in doc.place_mentions]
        # a village the article names in a chain too (曲尺乡柑园村 … 柑园村党支部书记) is that village
        known = {doc.places[m.key].name: m.key for m in doc.place_mentions if doc.places[m.key].level == "Village"}
        found = [(m.start("name"), m.end("name"), m.group("suffix")) for m in _STANDALONE_VILLAGE.finditer(doc.text)]
        found += _villages_before_posts(doc.text)
        for start, end, suffix in sorted(found):
            name = doc.text[start:end]
            core = name[:-len(suffix)]
            if not _village_core(core):
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            key = known.get(name) or f"{doc.meta.home or '?'}//{name}"
            doc.places.setdefault(key, Place(key=key, name=name, level="Village", parent=None))
            doc.place_mentions.append(PlaceMention(start, end, key, name, "name"))
            taken.append((start, end))

    @staticmethod
    def _villages_again(doc: Document) -> None:
        """A village named once (丁河镇奎文村, 走进奎文村) is that village when named again on its own
        after a boundary (,奎文村的香菇产业): the gazetteer does not list villages, so only the article can."""
        text = doc.text
        villages = {doc.places[m.key].name: m.key for m in doc.place_mentions
                    if doc.places[m.key].level == "Village" and len(doc.places[m.key].name) >= 3}
        taken = [(m.start, m.end) for m in doc.place_mentions]
        for name, key in sorted(villages.items()):
            at = text.find(name)
            while at >= 0:
                end = at + len(name)
                if _starts_word(text, at) and not any(s < end and at < e for s, e in taken):
                    doc.place_mentions.append(PlaceMention(at, end, key, name, "name"))
                    taken.append((at, end))
                at = text.find(name, end)

    def _add(self, doc: Document, div: Division, start: int, end: int, kind: str) -> str:
        place = place_of(div)
        doc.places.setdefault(place.key, place)
        for anc in self.gaz.ancestors(div.code):
            doc.places.setdefault(place_key(anc), place_of(anc))
        doc.place_mentions.append(PlaceMention(start, end, place.key, doc.text[start:end], kind))
        return place.key

    def _chain(self, doc: Document, parent: Division, pos: int) -> None:
        """Towns and villages written straight after ``parent`` (炎陵县霞阳镇大源村)."""
        text = doc.text
        parent_key = place_key(parent)
        parent_level = parent.level
        if parent_level in ("City", "District"):
            town = self._chain_town(doc, parent, pos)
            if town is None:
                if parent_level == "District":
                    self._village_without_town(doc, parent_key, pos)
                return
            parent_key, pos = town
            parent_level = "Town"
        if parent_level == "Town":
            m = _CHAIN_VILLAGE.match(text, pos)
            if m and not m.group(1).startswith(_NOT_VILLAGE_START):
                name = m.group(0)
                key = f"{parent_key}/{name}"
                doc.places.setdefault(key, Place(key=key, name=name, level=_LEVEL_OF_SUFFIX[name[len(m.group(1)):]],
                                                 parent=parent_key))
                doc.place_mentions.append(PlaceMention(m.start(), m.end(), key, name, "chain"))

    @staticmethod
    def _village_without_town(doc: Document, county_key: str, pos: int) -> None:
        """播州区合坪村: a village written straight after its county. Its township is not written, so
        its parent is not known; it is keyed by the county and its name."""
        m = _CHAIN_VILLAGE.match(doc.text, pos)
        if not m:
            return
        core = m.group(1)
        # (a short core, not 农村 or 乡村 of a verb phrase: 播州区共完成农村危房改造)
        if len(core) > 3 or not _village_core(core) or core.endswith(("农", "乡", "山", "渔")):
            return
        name = m.group(0)
        key = f"{county_key}//{name}"
        doc.places.setdefault(key, Place(key=key, name=name, level=_LEVEL_OF_SUFFIX[name[len(core):]], parent=None))
        doc.place_mentions.append(PlaceMention(m.start(), m.end(), key, name, "chain"))

    def _chain_town(self, doc: Document, parent: Division, pos: int) -> tuple[str, int] | None:
        text = doc.text
        # a township the gazetteer knows under this parent, longest name first
        for child in sorted(self.gaz.children(parent.code), key=lambda d: -len(d.name)):
            if child.level == "Town" and text.startswith(child.name, pos):
                key = self._add(doc, child, pos, pos + len(child.name), "chain")
                return key, pos + len(child.name)
        if parent.level != "District":
            return None
        m = _CHAIN_TOWN.match(text, pos)
        if not m or m.group(1) in _NOT_TOWN or m.group(0) in _NOT_TOWN or _NOT_NAME_CHARS.search(m.group(1)):
            return None
        if _DEPARTMENT_AFTER.match(text, m.end()) and not (
                m.group(0).endswith("街道") and _TOWN_OFFICE.match(text, m.end())):
            return None  # 住房和城乡建设局: a department of the county, not a township (but 街道办事处 is one)
        name = m.group(0)
        parent_key = place_key(parent)
        key = f"{parent_key}/{name}"
        doc.places.setdefault(key, Place(key=key, name=name, level="Town", parent=parent_key))
        doc.place_mentions.append(PlaceMention(m.start(), m.end(), key, name, "chain"))
        return key, m.end()
