"""Officials: named people with their posts, each post tied to a place (and a department).

The grammar these papers use, read right to left from a person's name::

    [时任] [place] [department] title [、 [place] title]* NAME (表示|说|在|,|。…)
    芦淞区委副书记、区长杨晓江表示        -> 区委副书记 and 区长 of 芦淞区
    鹤壁市住建局城建科科长王荣乾介绍      -> 科长, org 鹤壁市住建局城建科, of 鹤壁市
    习近平总书记                          -> 总书记 of 中国 (name before the title)
    (作者系醴陵市委书记)                  -> the author, named on the byline line above

A post written without a place (省委书记杜家豪) takes the place the article is about: the
province of its home for 省委, the nearest city for 市委, and so on; :mod:`graph.resolve` does that.
Reporters, correspondents and editors are never officials.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from ..document import Document, Official, Post
from ..resources import word_list
from .matcher import trie_regex
from .metadata import is_person_name

LEVEL_CHARS = "省市区县州镇乡村旗盟"
#: titles that name the national post on their own (no place needed)
NATIONAL = {"总书记", "国家主席", "国务院总理", "总理", "副总理", "国务委员", "委员长"}
#: what may follow a name: a verb of saying or doing, a preposition, punctuation
_AFTER_NAME = re.compile(
    r"(?:表示|说|指出|强调|介绍|告诉|认为|坦言|透露|称|谈到|提出|要求|希望|主持|出席|参加|调研|考察|视察|检查|"
    r"督导|走访|看望|慰问|带队|率队|率领|带领|带着|领着|陪同|走进|正在|笑着|感慨|回忆|说道|表态|算起|翻开|先后|分别|随后|一同|共同|"
    r"深入|来到|前往|会见|会谈|讲话|致辞|宣布|代表|列席|作|做|是|在|到|于|对|向|为|就|也|"
    r"还|都|亲自|一行|同志|等|和|与|及|处|、|,|，|。|:|：|;|；|\(|（|\)|）|“|”|\s|$)"
)
_GOVERNMENT = re.compile(r"^[省市区县州镇乡旗盟](?:人民政府|政府)(?=.)")
_BYLINE = re.compile(r"[(（]\s*作者(?:系|为|是)([^()（）\n]{2,30})[)）]")
_NAME_LINE = re.compile(r"^[ \t]*([\u4e00-\u9fff]{2,4})[ \t]*$", re.M)
#: a dotted name, its last part as short as lets a word of _AFTER_NAME follow (买买提·艾力|介绍)
_DOTTED = re.compile(rf"[\u4e00-\u9fff]{{1,6}}(?:[·•・‧][\u4e00-\u9fff]{{1,8}}?)+(?={_AFTER_NAME.pattern})")
#: words whose last character is a level character but which name no unit (农村委, 城市管理局)
_WORDS_ENDING_IN_LEVEL = {"农村", "乡村", "城市", "都市", "城区", "郊区", "园区", "景区", "山区", "矿区", "城镇",
                          "乡镇", "村镇", "集镇", "小区", "街区", "片区", "辖区", "社区"}
_HELD = re.compile(r"时任|现任|曾任|担任|原任")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_DEPT_TAIL = re.compile(r"(?:局|厅|办|委|部|处|科|署|中心|办公室|委员会|管委会|工作队|政府|站|所|院|队|组)$")


@lru_cache(maxsize=1)
def _titles() -> tuple[re.Pattern[str], frozenset[str]]:
    base = list(word_list("lexicon", "titles.txt"))
    bodies = list(word_list("lexicon", "government_bodies.txt"))
    composed = set(base)
    for level in LEVEL_CHARS:
        # 村党支部书记, 镇党委书记: a Party post written straight after the level character
        composed.update(level + t for t in base if t.startswith("党"))
        for body in bodies:
            for t in base:
                if body.endswith("副") and t.startswith("副"):
                    continue
                composed.add(level + body + t)
    return trie_regex(composed), frozenset(base)


def _is_department(words: str) -> bool:
    """A department written out (公安局, 市教育局, 住建局城建科): Chinese only, short, ending in a body word."""
    return 2 <= len(words) <= 10 and bool(_HAN_ONLY.fullmatch(words)) and bool(_DEPT_TAIL.search(words))


#: role nouns that look like names after a surname (任组长, 于书记): never a person's name
_ROLE_IN_NAME = re.compile(r"组长|队长|书记|主任|委员|代表|干部|同志|群众|村民|居民|市民|记者|领导|部门|负责")


def level_char(title: str) -> str | None:
    """The level character a title or department is written with (市 of 市长, of 副市长 and of
    市公安局; 省 of 自治区农业农村厅, a region being of province level), or None (局长)."""
    head = title[1:] if title.startswith("副") else title
    if head.startswith("自治区"):
        return "省"
    return head[0] if head and head[0] in LEVEL_CHARS else None


def _plausible(name: str) -> bool:
    return is_person_name(name) and not _AFTER_NAME.match(name) and not _ROLE_IN_NAME.search(name)


#: words that follow a two-character name and hardly ever end a given name (陈伟在调研, 李强说)
_NOT_LAST_CHAR = set("说在对向就也还都等是到")


def _name_after(text: str, pos: int) -> str | None:
    """The person's name starting at ``pos``: three characters or two, whichever a boundary follows;
    or a transliterated name of dotted parts (镇长买买提·艾力介绍)."""
    dotted = _DOTTED.match(text, pos)
    if dotted:
        return dotted.group()
    for n in (3, 2, 4):
        cand = text[pos:pos + n]
        if len(cand) == n and _plausible(cand) and _AFTER_NAME.match(text, pos + n):
            if n == 3 and cand[2] in _NOT_LAST_CHAR and _plausible(cand[:2]):
                return cand[:2]
            return cand
    return None


def written_name(doc: Document, start: int, end: int) -> str:
    """A name in simplified script without over-conversion: characters that are already valid
    simplified (in GB2312) stay as written, so 王榮乾 becomes 王荣乾, not 王荣干."""
    raw = doc.quote(start, end)
    norm = doc.text[start:end]
    if len(raw) != len(norm):
        return norm
    out = []
    for r, n in zip(raw, norm, strict=False):
        try:
            r.encode("gb2312")
            out.append(r)
        except UnicodeEncodeError:
            out.append(n)
    return "".join(out)


def _name_before(text: str, pos: int) -> tuple[str, int] | None:
    """A name written before a national title (习近平总书记): three characters, or two after a boundary."""
    for n in (3, 2):
        start = pos - n
        cand = text[max(0, start):pos]
        if start < 0 or not _plausible(cand):
            continue
        if n == 3 or start == 0 or not ("\u4e00" <= text[start - 1] <= "\u9fff") or text[start - 1] in "的和与及、":
            return cand, start
    return None


class OfficialExtractor:
    """``OfficialExtractor()(doc)`` appends :class:`Official` records; places come from ``doc.place_mentions``."""

    def __call__(self, doc: Document) -> None:
        text = doc.text
        title_rx, _ = _titles()
        journalists = {(j.name, j.start) for j in doc.journalists}
        journalist_names = {j.name for j in doc.journalists}
        ends = {m.end: m for m in doc.place_mentions}
        starts = {m.start: m for m in doc.place_mentions}
        found: dict[tuple[str, int], Official] = {}

        titles = list(title_rx.finditer(text))
        for i, m in enumerate(titles):
            ts, te = m.span()
            title = m.group()
            if ts and text[ts - 1:ts + 1] in _WORDS_ENDING_IN_LEVEL and not self._has_place(ends, ts):
                # 市农业农村委副主任: not 村委副主任 (of a village) but 副主任, of the 农业农村委
                shorter = next((s for k in range(ts + 1, te) if (s := title_rx.match(text, k)) and s.end() == te), None)
                if shorter is None:
                    continue
                ts, title = shorter.start(), shorter.group()
            name = _name_after(text, te)
            name_start = te
            if name is None and title in NATIONAL:
                before = _name_before(text, ts)
                if before:
                    name, name_start = before
            if name is None and text[te:te + 1] == "的" and _HELD.search(text, max(0, ts - 16), ts):
                name, name_start = _name_after(text, te + 1), te + 1  # 时任梁家河村党支部书记的巩正明
            if name is None or (name, name_start) in journalists:
                continue
            if name_start == te and name in journalist_names and not self._has_place(ends, ts):
                continue  # 记者王军 elsewhere; here a title without a place: too weak to call an official
            # collect 、-joined titles before this one: 区委副书记、区长杨晓江
            chain = [(ts, te, title)]
            j = i - 1
            while j >= 0 and self._joined(text, ends, starts, titles[j].end(), chain[0][0]):
                chain.insert(0, (titles[j].start(), titles[j].end(), titles[j].group()))
                j -= 1
            if name_start < ts:  # 习近平总书记: the name came first
                chain = [(ts, te, title)]
            posts = []
            for k, (s, e, t) in enumerate(chain):
                post = self._post(doc, ends, s, e, t)
                if post is None and k == 0:
                    posts = []
                    break
                # a later 、-joined title may stand without a place (区委常委、宣传部部长刘某)
                posts.append(post or Post(t, None, None, s, e))
            if not posts:
                continue
            # a 、-joined title without a place of its own shares the first one's (区长 of 芦淞区), unless
            # it names another level (省委常委、南阳市委书记: the province's, found from context later)
            # (and a department's post its department: 农业农村局党组书记、局长)
            placed = next((p for p in posts if p.jurisdiction), None)
            for p in posts:
                if (p.jurisdiction is None and p.org is None and placed
                        and level_char(p.title) in (None, level_char(placed.title))):
                    p.jurisdiction = placed.jurisdiction
                    if placed.org and level_char(p.title) is None:
                        p.org = placed.org
            name = written_name(doc, name_start, name_start + len(name))
            off = found.setdefault((name, name_start), Official(name, [], name_start, name_start + len(name)))
            off.posts.extend(posts)
            # 副市长孙国强、王丽主持会议: the names listed after one title all hold it
            at = name_start + len(name)
            while text[at:at + 1] == "、" and (more := _name_after(text, at + 1)) and (more, at + 1) not in journalists:
                more = written_name(doc, at + 1, at + 1 + len(more))
                other = found.setdefault((more, at + 1), Official(more, [], at + 1, at + 1 + len(more)))
                other.posts.extend(dataclasses.replace(p) for p in posts)
                at += 1 + len(more)
        for off in self._bylines(doc):
            found.setdefault((off.name, off.start), off)
        officials = _merge(sorted(found.values(), key=lambda o: (o.start, o.name)))
        taken = {(o.start, o.end) for o in officials}
        for off in officials:
            # the same name again, standing alone, is the same person (马富国表示)
            n, at = len(off.name), text.find(off.name)
            while at >= 0:
                if (at, at + n) not in taken and _AFTER_NAME.match(text, at + n) and (
                        at == 0 or not is_person_name(text[at - 1:at + n])):
                    off.mentions.append((at, at + n))
                at = text.find(off.name, at + n)
        doc.officials.extend(officials)

    @staticmethod
    def _joined(text: str, ends: dict, starts: dict, prev_end: int, ts: int) -> bool:
        """Whether the title ending at ``prev_end`` and the one at ``ts`` are one person's: 、-joined,
        the second perhaps with its own place or department (省委常委、南阳市委书记, 副市长、市公安局局长)."""
        gap = text[prev_end:ts]
        if gap in ("、", "和", "兼", "、市", "、区", "、县"):
            return True
        if gap[:1] != "、":
            return False
        place = ends.get(ts) or ends.get(ts + 1)
        if place is not None and place.start == prev_end + 1:
            return True
        # a department of its own, after a place or a bare level character (、衡阳市公安局, 、市公安局)
        dept_place = starts.get(prev_end + 1)
        dept_place = dept_place if dept_place is not None and dept_place.end < ts else None
        dept = text[dept_place.end:ts] if dept_place else gap[1:]
        return _is_department(dept) and (dept_place is not None or level_char(dept) is not None)

    @staticmethod
    def _has_place(ends: dict, ts: int) -> bool:
        return ts in ends or ts + 1 in ends

    def _post(self, doc: Document, ends: dict, ts: int, te: int, title: str) -> Post | None:
        """The post for a title at ``[ts, te)``: its place and department written before it."""
        text = doc.text
        # a place mention ending at the title, or sharing its level char (芦淞区 + 区委书记)
        place = ends.get(ts)
        if place is None and ts + 1 in ends and text[ts] in LEVEL_CHARS and title[0] == text[ts]:
            place = ends[ts + 1]
        # 区人民政府副区长 is a 副区长: the government is where the post sits, not part of its title
        gov = _GOVERNMENT.match(title)
        title = title[gov.end():] if gov else title
        # 时任 before the post and its places (时任延川县文安驿镇梁家河村党支部书记), in the same clause
        former = "时任" in re.split(r"[,，。;；:：!?！？\n]", text[max(0, ts - 20):ts])[-1]
        if place is not None:
            if place.end == ts + 1 and text[ts - 1:ts + 1] == "社区":
                title = "社" + title  # 禾兴社区党委书记: the title found was 区党委书记
            return Post(title, place.key, None, place.start, te, former=former)
        # department between a place and the title: 鹤壁市城管局副局长, 住建局城建科科长
        for dept_start in range(ts - 1, max(-1, ts - 16), -1):
            if not re.match(r"[\u4e00-\u9fff]", text[dept_start]):
                break
            place = ends.get(dept_start)
            if place is not None:
                dept = text[dept_start:ts]
                if _DEPT_TAIL.search(dept):
                    return Post(title, place.key, text[place.start:ts], place.start, te, former=former)
                break
        # a department of the article's own city, county or region, written without its name (、市公安局局长,
        # 自治区农业农村厅副厅长)
        run_start = ts
        while run_start > 0 and ts - run_start < 10 and _HAN_ONLY.fullmatch(text[run_start - 1]):
            run_start -= 1
        dept = text[run_start:ts]
        if level_char(dept) and _is_department(dept) and (
                run_start == 0 or text[run_start - 1] in "、，,。；;：:（( \n"):
            return Post(title, None, dept, run_start, te, former=former)
        if gov and not level_char(title):  # 市政府党组成员: a post in the government of the article's city
            return Post(title, None, gov.group(), ts, te, former=former)
        if title in NATIONAL:
            return Post(title, "code:CN", None, ts, te, former=former)
        if level_char(title) and (len(title) > 2 or title.endswith("长")):
            # 省委书记, 市长, 副县长 without a place: resolved from the article's context later
            return Post(title, None, None, ts, te, former=former)
        return None

    def _bylines(self, doc: Document) -> list[Official]:
        """``(作者系醴陵市委书记)``: the author, named alone on a line above, holds that post."""
        text = doc.text
        out = []
        title_rx, _ = _titles()
        ends = {m.end: m for m in doc.place_mentions}
        prev_end = 0
        for m in _BYLINE.finditer(text):
            inner_start, inner = m.start(1), m.group(1)
            t = None
            for tm in title_rx.finditer(inner):
                t = tm
            if t is None or t.end() != len(inner.rstrip()):
                prev_end = m.end()
                continue
            post = self._post(doc, ends, inner_start + t.start(), inner_start + t.end(), t.group())
            names = [n for n in _NAME_LINE.finditer(text, prev_end, m.start()) if is_person_name(n.group(1))]
            prev_end = m.end()
            if post is None or not names:
                continue
            n = names[0]
            out.append(Official(n.group(1), [post], n.start(1), n.end(1)))
        return out


def _merge(officials: list[Official]) -> list[Official]:
    """One record per person in an article: same name, and posts that do not contradict."""
    out: list[Official] = []
    by_name: dict[str, Official] = {}
    for off in officials:
        first = by_name.get(off.name)
        jur = {p.jurisdiction for p in off.posts if p.jurisdiction}
        if first is not None and (not jur or jur & {p.jurisdiction for p in first.posts}):
            seen = {(p.title, p.jurisdiction, p.org) for p in first.posts}
            first.posts.extend(p for p in off.posts if (p.title, p.jurisdiction, p.org) not in seen)
            continue
        by_name.setdefault(off.name, off)
        out.append(off)
    return out
