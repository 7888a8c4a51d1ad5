"""Article metadata where the text gives it: newspaper, date, title, section, and the journalists
(reporters, correspondents, photographers, editors: people, but not officials)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from ..document import Document, Journalist
from ..resources import word_list

_PAPER = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:日报|晚报|都市报|时报|晨报|商报|特区报))")
_PAPER_END = re.compile(r"日报|晚报|都市报|时报|晨报|商报|特区报")


def _papers(text: str) -> Iterator[str]:
    """The matches of ``_PAPER`` in ``text``, looked for only in the few characters before each
    日报/晚报… (the pattern tried at every Chinese character was a tenth of the metadata time)."""
    lo = hi = -1
    for m in _PAPER_END.finditer(text):
        if m.start() - 6 > hi:  # a new window: the last one is done
            if hi > lo:
                yield from (x.group(1) for x in _PAPER.finditer(text, lo, hi))
            lo = max(0, m.start() - 6)
        hi = m.end()
    if hi > lo:
        yield from (x.group(1) for x in _PAPER.finditer(text, lo, hi))
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_FURNITURE = re.compile(r"首页|>>|电话|责任编辑|美术编辑|校对|投稿|邮箱|星期|记者|通讯员|^\W*$")
HEADER_CHARS = 600


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = [w for line in word_list("lexicon", "surnames.txt") for w in line.split()]
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


#: a name transliterated from Uyghur, Mongolian, Tibetan…, its parts joined by a middle dot (买买提·艾力)
DOTTED_NAME = r"[\u4e00-\u9fff]{1,6}(?:[·•・‧][\u4e00-\u9fff]{1,8})+"
_DOTTED = re.compile(DOTTED_NAME)


def is_person_name(s: str) -> bool:
    """A plausible personal name: a known surname, then one or two given-name characters; or a
    transliterated name of dotted parts (艾克拜尔·吾拉木)."""
    if len(s) <= 24 and _DOTTED.fullmatch(s):
        return True
    single, double = _surnames()
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", s):
        return False
    if s[:2] in double:
        return 3 <= len(s) <= 4
    return s[0] in single and 2 <= len(s) <= 3


@lru_cache(maxsize=1)
def _roles() -> tuple[re.Pattern[str], dict[str, str]]:
    roles: dict[str, str] = {}
    for line in word_list("lexicon", "journalist_roles.txt"):
        role, word = line.split("\t")
        roles[word] = role
    before = sorted((w for w, r in roles.items() if r != "photographer"), key=len, reverse=True)
    rx = re.compile(
        r"(?P<role>" + "|".join(map(re.escape, before)) + r")[\s/:：?]*"
        rf"(?P<names>(?:{DOTTED_NAME}|[\u4e00-\u9fff]{{2,3}})(?:[\s、,?]+(?:{DOTTED_NAME}|[\u4e00-\u9fff]{{2,3}}))*)"
    )
    return rx, roles


_PHOTO = re.compile(r"(?:^|[\s。?])(?P<name>[\u4e00-\u9fff]{2,3})\s*摄(?:影)?(?=\s*$|[\s。)）])", re.M)


def extract_journalists(doc: Document) -> None:
    rx, roles = _roles()
    seen = set()
    for m in rx.finditer(doc.text):
        role = roles[m.group("role")]
        pos = m.start("names")
        for part in re.split(r"([\s、,?]+)", m.group("names")):
            if part and not re.fullmatch(r"[\s、,?]+", part):
                # the last name may run into the next word (郭戈摄): keep the name only
                name = part
                if role == "reporter" and name.endswith("摄"):
                    name = name[:-1]
                after = doc.text[pos + len(part):pos + len(part) + 1]
                if "\u4e00" <= after <= "\u9fff" and after != "摄":
                    break  # 阿依古丽: a longer name than the pattern takes, not 阿依古
                if is_person_name(name) and (name, role) not in seen:
                    seen.add((name, role))
                    doc.journalists.append(Journalist(name, role, pos, pos + len(name)))
                elif not is_person_name(name):
                    break
            pos += len(part)
    for m in _PHOTO.finditer(doc.text):
        name = m.group("name")
        if is_person_name(name) and (name, "photographer") not in seen:
            seen.add((name, "photographer"))
            doc.journalists.append(Journalist(name, "photographer", m.start("name"), m.end("name")))
    doc.journalists.sort(key=lambda j: (j.start, j.name))


def extract_metadata(doc: Document) -> None:
    """Fill ``doc.meta`` (newspaper, date, title, section) and ``doc.journalists``."""
    text = doc.text
    papers = Counter(_papers(text))
    if papers:
        # the paper named most often, the earliest on ties
        doc.meta.newspaper = min(papers, key=lambda p: (-papers[p], text.find(p)))
    m = _DATE.search(text[:HEADER_CHARS])
    if m:
        y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            doc.meta.date = f"{y}-{int(mo):02d}-{int(d):02d}"
    lines = [ln.strip(" #\t") for ln in text[:HEADER_CHARS * 2].split("\n")]
    headings = [ln for ln in lines if 2 <= len(ln) <= 40 and not _FURNITURE.search(ln)
                and not re.search(r"[。,，;；]$", ln)]
    if headings:
        doc.meta.title = headings[0]
    for raw_line in text[:HEADER_CHARS * 2].split("\n"):
        if raw_line.startswith("## ") or ">>" in raw_line:
            parts = [p.strip() for p in raw_line.strip("# ").split(">>") if p.strip()]
            section = parts[1] if len(parts) >= 3 else parts[0] if parts else None
            if section and section != doc.meta.title:
                doc.meta.section = section
                break
    extract_journalists(doc)
