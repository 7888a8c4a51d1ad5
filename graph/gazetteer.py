"""The national gazetteer: China's administrative divisions, by code, name, short form and history.

Data (committed, built by ``data/gazetteer/build.py``; provenance in ``data/gazetteer/SOURCE.md``):

* ``data/gazetteer/divisions.tsv``: ``code name level parent``, every current unit from the
  country (``CN``) down to townships (9-digit codes). 直辖市 districts hang directly under the
  province-level city (110101 → 110000); 省直辖 county-level units (仙桃市) under the province.
* ``data/gazetteer/changes.tsv``: renames, abolitions, mergers and re-codings of county-level and
  higher units since 1990: ``old_code old_name old_level new_code new_name date document
  change_type old_parent`` (``date`` is a year).
* ``data/lexicon/ethnic_groups.txt``: the 56 ethnic groups, for the short forms of autonomous areas.

Historical units (from changes.tsv) are :class:`Division` objects with ``historical=True``, their
``successor`` resolved along later changes to the unit that exists now where the chain reaches one
(株洲县 430221 → 渌口区 430212). Their ``code`` is the key :meth:`Gazetteer.get` takes:

* the bare old code (``430221``) when no current unit uses it and it is the code's latest change;
* ``f"{old_code}@{year}"`` when the code is used by a current unit or by a later change
  (芦淞区 kept 430203, so 北区's entry is ``430203@1997``); the latest change of a code also
  answers to this form;
* ``f"{old_name}@{year}"`` when the source gave no old code (禄丰县@2021).

Short forms (:meth:`Gazetteer.short_forms`) drop the level suffix — 省 市 自治区 特别行政区 地区 盟
自治州 区 县 自治县 旗 自治旗 林区 特区 新区 矿区 — and the ethnic group names before it (after an
自治 suffix with or without 族, and 各族; after a plain one, as in 管城回族区, only with 族), when
at least two characters remain: 株洲市→株洲, 湘西土家族苗族自治州→湘西, 新疆维吾尔自治区→新疆,
浦东新区→浦东, 管城回族区→管城; 攸县 has none.
Townships and villages have none. A unit whose name is only an ethnic name plus 自治县/旗
(东乡族自治县, 鄂伦春自治旗) has none either: the bare word would mean the people.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph.resources import DATA_DIR

LEVELS = ("Country", "Province", "City", "District", "Town", "Village")

COUNTRY_CODE = "CN"

#: level suffixes, longest first; the first that ends a name is the one stripped
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "新区",
    "矿区",
    "林区",
    "特区",
    "地区",
    "省",
    "市",
    "盟",
    "区",
    "县",
    "旗",
)
_AUTONOMOUS = frozenset({"自治区", "自治州", "自治县", "自治旗"})
#: written in autonomous-county names in place of a list of groups (龙胜各族自治县)
_GENERIC_ETHNIC = ("各族",)
_NO_SHORT_FORMS = frozenset({"Country", "Town", "Village"})


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str  # full official name, e.g. 湘西土家族苗族自治州
    level: str  # one of LEVELS
    parent: str | None  # parent code
    historical: bool = False  # True for a unit that no longer exists (from changes.tsv)
    successor: str | None = None  # code of the unit that replaced it


def _order(division: Division) -> tuple[bool, str]:
    return (division.historical, division.code)


def ethnic_tokens(groups: Iterable[str]) -> tuple[str, ...]:
    """Strippable ethnic words, longest first: each ``X族`` and, when X has 2+ characters, bare ``X``."""
    tokens = set(_GENERIC_ETHNIC)
    for group in groups:
        group = group.strip()
        if not group:
            continue
        tokens.add(group)
        bare = group.removesuffix("族")
        if len(bare) >= 2:
            tokens.add(bare)
    return tuple(sorted(tokens, key=lambda t: (-len(t), t)))


def short_form(name: str, level: str, tokens: tuple[str, ...]) -> str | None:
    """The name without its level suffix (and ethnic names, for autonomous areas), or None."""
    if level in _NO_SHORT_FORMS:
        return None
    for suffix in _SUFFIXES:
        if not name.endswith(suffix):
            continue
        stem = name[: -len(suffix)]
        # ethnic names before an 自治 suffix, with or without 族; before a plain suffix (民族区 such
        # as 管城回族区) only with 族, so that 内蒙古 or 西藏 are never cut
        usable = tokens if suffix in _AUTONOMOUS else tuple(t for t in tokens if t.endswith("族"))
        if stem in usable:
            return None
        stripped = True
        while stripped:
            stripped = False
            for token in usable:
                if stem.endswith(token) and len(stem) - len(token) >= 2:
                    stem = stem[: -len(token)]
                    stripped = True
                    break
        return stem if len(stem) >= 2 else None
    return None


def _normalise_code(code: str) -> str:
    """12-digit statistical codes to the gazetteer's 9-digit (township) or 6-digit form."""
    if len(code) == 12 and code.isdigit() and code.endswith("000"):
        code = code[:9]
    if len(code) == 9 and code.isdigit() and code.endswith("000"):
        code = code[:6]
    return code


class Gazetteer:
    """Indexes over current and historical divisions. Build with :func:`load_gazetteer`."""

    def __init__(
        self,
        divisions: Iterable[Division],
        historical: Iterable[Division] = (),
        ethnic_groups: Iterable[str] = (),
        aliases: dict[str, str] | None = None,
        recoded: Iterable[str] = (),
    ) -> None:
        """``aliases``: extra keys for :meth:`get`; ``recoded``: keys of historical units that only
        changed code (same name, same level) and so add no names to :meth:`lookup`."""
        self._tokens = ethnic_tokens(ethnic_groups)
        self._by_code: dict[str, Division] = {}
        self._ancestors: dict[str, tuple[Division, ...]] = {}  # filled on use: asked for ~300 times an article
        self._children: dict[str, list[Division]] = {}
        self._short: dict[str, tuple[str, ...]] = {}
        index: dict[str, list[Division]] = {}
        current: list[Division] = []
        for d in divisions:
            self._by_code[d.code] = d
            current.append(d)
            if d.parent is not None:
                self._children.setdefault(d.parent, []).append(d)
        self._current = current
        past = list(historical)
        for d in past:
            self._by_code[d.code] = d
        for key, code in (aliases or {}).items():
            self._by_code.setdefault(key, self._by_code[code])
        for d in current:
            index.setdefault(d.name, []).append(d)
            if d.level not in _NO_SHORT_FORMS:
                self._add_short(d, index)
        quiet = set(recoded)
        for d in past:
            if d.code in quiet:
                continue  # re-coded only: the unit it became already answers to the name
            index.setdefault(d.name, []).append(d)
            self._add_short(d, index)
        for hits in index.values():
            if len(hits) > 1:
                hits.sort(key=_order)
        self._index: dict[str, tuple[Division, ...]] = {k: tuple(v) for k, v in index.items()}
        for kids in self._children.values():
            kids.sort(key=_order)
        self._historical = past
        self._names: tuple[str, ...] | None = None

    def _add_short(self, d: Division, index: dict[str, list[Division]]) -> None:
        short = short_form(d.name, d.level, self._tokens)
        if short is not None:
            self._short[d.code] = (short,)
            hits = index.setdefault(short, [])
            if d not in hits:
                hits.append(d)

    # -- lookups ------------------------------------------------------------------------------

    def get(self, code: str) -> Division | None:
        """The unit with this code (current first; a historical key as described in the module doc)."""
        return self._by_code.get(code) or self._by_code.get(_normalise_code(code))

    def lookup(self, name: str) -> list[Division]:
        """Units whose full name, short form or former name is ``name``: current first, then by code."""
        return list(self._index.get(name, ()))

    def short_forms(self, division: Division) -> list[str]:
        """The short forms the gazetteer indexes this unit under (none for townships)."""
        known = self._short.get(division.code)
        if known is not None and self._by_code.get(division.code) == division:
            return list(known)
        short = short_form(division.name, division.level, self._tokens)
        return [short] if short else []

    def parent(self, code: str) -> Division | None:
        d = self.get(code)
        if d is None or d.parent is None:
            return None
        return self._by_code.get(d.parent)

    def ancestors(self, code: str) -> list[Division]:
        """Units above ``code``, nearest first, ending at 中国 (empty for 中国 or an unknown code)."""
        return list(self._ancestor_chain(code))

    def _ancestor_chain(self, code: str) -> tuple[Division, ...]:
        chain = self._ancestors.get(code)
        if chain is None:
            out: list[Division] = []
            d = self.get(code)
            seen = set()
            while d is not None and d.parent is not None and d.parent not in seen:
                seen.add(d.parent)
                d = self._by_code.get(d.parent)
                if d is not None:
                    out.append(d)
            chain = self._ancestors[code] = tuple(out)
        return chain

    def children(self, code: str) -> list[Division]:
        """Current units directly under ``code``, by code."""
        d = self.get(code)
        return list(self._children.get(d.code if d else code, ()))

    def province_of(self, code: str) -> Division | None:
        """The province-level unit containing ``code`` (itself for a province)."""
        return self._first_at(code, "Province")

    def city_of(self, code: str) -> Division | None:
        """The prefecture-level unit containing ``code`` (or itself).

        Under a 直辖市 there is no prefecture level: the 直辖市 itself is returned (朝阳区 → 北京市).
        A 省直辖 county-level unit (仙桃市) and its townships have none: None.
        """
        city = self._first_at(code, "City")
        if city is not None:
            return city
        province = self._first_at(code, "Province")
        if province is not None and province.name.endswith("市"):
            return province
        return None

    def is_within(self, code: str, ancestor_code: str) -> bool:
        """True when ``ancestor_code`` is ``code`` itself or one of its ancestors."""
        d, a = self.get(code), self.get(ancestor_code)
        if d is None or a is None:
            return False
        return d is a or d.code == a.code or any(x.code == a.code for x in self._ancestor_chain(d.code))

    def names(self) -> Iterator[str]:
        """Every lookup key (full names, short forms, former names), sorted, for building a matcher."""
        if self._names is None:
            self._names = tuple(sorted(self._index))
        return iter(self._names)

    # -- collections ----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Division]:
        """Current units, by code (中国 first)."""
        return iter(self._current)

    def __len__(self) -> int:
        return len(self._current)

    def historical(self) -> list[Division]:
        """Units that no longer exist, in changes.tsv order (by year, then old code)."""
        return list(self._historical)

    def _first_at(self, code: str, level: str) -> Division | None:
        d = self.get(code)
        if d is None:
            return None
        if d.level == level:
            return d
        return next((a for a in self.ancestors(d.code) if a.level == level), None)


# -- loading ------------------------------------------------------------------------------------


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        raise ValueError(f"{path} is empty")
    return lines[0].split("\t"), [line.split("\t") for line in lines[1:] if line]


def _read_divisions(path: Path) -> list[Division]:
    header, rows = _rows(path)
    ic, iname, ilevel, iparent = (header.index(c) for c in ("code", "name", "level", "parent"))
    out = []
    for row in rows:
        level = row[ilevel]
        if level not in LEVELS:
            raise ValueError(f"{path}: unknown level {level!r} for {row[ic]}")
        out.append(Division(row[ic], row[iname], level, row[iparent] or None))
    return out


def _read_changes(
    path: Path, current: dict[str, Division]
) -> tuple[list[Division], dict[str, str], set[str]]:
    """Historical units from changes.tsv, keyed as in the module docstring; the code@year aliases;
    the keys of the units that only changed code."""
    if not path.exists():
        return [], {}, set()
    header, rows = _rows(path)
    col = {name: header.index(name) for name in header}
    ipar = col.get("old_parent")
    events = []
    for row in rows:
        row = row + [""] * (len(header) - len(row))
        events.append(
            (
                row[col["old_code"]],
                row[col["old_name"]],
                row[col["old_level"]],
                row[col["new_code"]],
                row[col["date"]],
                row[ipar] if ipar is not None else "",
                row[col["new_name"]],
            )
        )
    by_old: dict[str, list[int]] = {}
    for i, (old_code, *_rest) in enumerate(events):
        if old_code:
            by_old.setdefault(old_code, []).append(i)
    for idxs in by_old.values():
        idxs.sort(key=lambda i: events[i][4])

    keys: list[str] = []
    aliases: dict[str, str] = {}
    taken: set[str] = set(current)
    for i, (old_code, old_name, _level, _new, date, _par, _new_name) in enumerate(events):
        if not old_code:
            key = f"{old_name}@{date}"
        elif old_code not in current and by_old[old_code][-1] == i:
            key = old_code
            aliases[f"{old_code}@{date}"] = old_code
        else:
            key = f"{old_code}@{date}"
        n = 1
        base = key
        while key in taken:  # the same code twice in one year: never in the shipped data
            n += 1
            key = f"{base}#{n}"
        taken.add(key)
        keys.append(key)
    known = taken | set(aliases)

    def successor(i: int) -> str | None:
        """Follow later changes of the new code to the unit that exists now, where there is one."""
        code, date = events[i][3], events[i][4]
        if not code:
            return None
        visited = {i}
        while True:
            later = [j for j in by_old.get(code, ()) if j not in visited and events[j][4] >= date]
            if not later:
                return code
            j = later[0]
            visited.add(j)
            if not events[j][3]:
                return keys[j]  # the successor was itself abolished later
            code, date = events[j][3], events[j][4]

    def parent(i: int) -> str:
        old_code, par = events[i][0], events[i][5]
        if par and par in known:
            return par
        for cand in (old_code[:4] + "00", old_code[:2] + "0000") if old_code else ():
            if cand != old_code and cand in known:
                return cand
        return COUNTRY_CODE

    out = [
        Division(keys[i], e[1], e[2], parent(i), historical=True, successor=successor(i))
        for i, e in enumerate(events)
    ]
    level_of = {d.code: d.level for d in out}
    level_of.update((code, d.level) for code, d in current.items())
    recoded = {
        keys[i] for i, e in enumerate(events) if e[1] == e[6] and e[3] and level_of.get(e[3], e[2]) == e[2]
    }
    return out, aliases, recoded


def _read_lexicon(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=4)
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer in ``path`` (a folder with divisions.tsv and changes.tsv; default the repo's
    ``data/gazetteer/``), with the ethnic lexicon from ``../lexicon/ethnic_groups.txt`` beside it
    (or the repo's). Cached: one load per process and path."""
    folder = Path(path) if path is not None else DATA_DIR / "gazetteer"
    if folder.is_file():
        folder = folder.parent
    divisions = _read_divisions(folder / "divisions.tsv")
    current = {d.code: d for d in divisions}
    historical, aliases, recoded = _read_changes(folder / "changes.tsv", current)
    lexicon = folder.parent / "lexicon" / "ethnic_groups.txt"
    if not lexicon.exists():
        lexicon = DATA_DIR / "lexicon" / "ethnic_groups.txt"
    groups = _read_lexicon(lexicon) if lexicon.exists() else []
    return Gazetteer(divisions, historical, groups, aliases, recoded)
