"""Outcomes: achieved numeric results, with 万/亿 applied, a unit, an indicator and a date.

>>> from graph.pipeline import make_document
>>> doc = make_document("2018年8月,全市15.8万贫困人口实现脱贫,带动2.35万户8.17万人增收。", name="t.txt")
>>> OutcomeExtractor()(doc)
>>> [(str(o.value), o.unit, o.date) for o in doc.outcomes]
[('158000', '人', '2018-08'), ('23500', '户', '2018-08'), ('81700', '人', '2018-08')]

Targets and plans (预计, 力争, 确保, 将 …), dates, phone numbers, ordinals (十一届五中全会,
第五届), numbers inside names (“民生100”) and criteria (60岁以上的) are not outcomes.
"""

from __future__ import annotations

import bisect
import itertools
import re
from decimal import Decimal
from functools import lru_cache

from ..document import Document, Outcome
from ..resources import data_path, word_list
from .matcher import trie_regex
from .numbers import CN_NUM_CHARS, parse_number

_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:万亿|亿|万|千)?|[{CN_NUM_CHARS}]+"
#: nouns counted without a measure word: 15.8万贫困人口, 3200余贫困户
_BARE_NOUNS = {"贫困人口": "人", "人口": "人", "贫困群众": "人", "群众": "人", "市民": "人", "居民": "人",
               "劳动力": "人", "贫困户": "户", "农户": "户", "家庭": "户"}
_CLAUSE_BREAK = re.compile(r"[,，;；:：。!?！？、\n]")
#: what an indicator does not start with: dates and connectives (and, see _lead_noise, the words
#: that refer back to a place)
_LEAD_WORDS = (
    r"(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|底|末|年底)?|截至目前|截至|目前|如今|同时|其中|此外|另外|"
    r"[一二三四]季度|第[一二三四]季度|前三季度|上半年|下半年|\d{1,2}[-—至]\d{1,2}月|"
    r"今年以来|今年|去年|全年|近年来|近三年来|以来|街道|共|累计|已|还|并|先后|分别|通过这一行动|通过|在|从|对|向|把|将|有|为|的"
)
_TRAIL_NOISE = re.compile(r"(?:达到|达|为|到|至|是|了|共|累计|超过|突破|近|约|逾|上|有|分别|由|从|的|"
                          r"降至|上升至|提高到|突进到|完成|实现|已|不足|控制在|稳定在|保持在|连续)+$")
#: the words of a rank after what is ranked (群众满意度位居全省第, 综合排名全省第)
_RANK_TAIL = re.compile(r"(?:位居|位列|居|排在|名列)?(?:全国|全省|全区|全市|全州)?第$")
_DATE = re.compile(r"((?:19|20)\d{2})年(?:(\d{1,2})月)?|(今年|去年|前年|上年)(?:(\d{1,2})月)?")
_ORDINAL_MEETING = re.compile(r"^[一二三四五六七八九十]+中全会|^(?:全会|会议|大会|代表大会|党代会)")
_RANK_AFTER = re.compile(r"(?:市州|州市|城市|地级市|省份|省|县|区|县市区|市)")
#: how far back from a figure its words, date and cues are looked for: a sentence is far shorter,
#: and a "sentence" of megabytes (a page without 。) must not make every figure rescan it
MAX_LOOKBACK = 500


@lru_cache(maxsize=1)
def _lead_noise() -> re.Pattern[str]:
    """Leading words to strip from an indicator: _LEAD_WORDS, and 全市, 该县, 村里… (coreference.txt)."""
    coref = sorted((line.split("\t")[0] for line in word_list("lexicon", "coreference.txt")), key=len, reverse=True)
    return re.compile(rf"^(?:{_LEAD_WORDS}|{'|'.join(map(re.escape, coref))})+")


@lru_cache(maxsize=1)
def _units() -> tuple[re.Pattern[str], dict[str, tuple[str, Decimal]]]:
    table: dict[str, tuple[str, Decimal]] = {}
    for line in word_list("lexicon", "units.txt"):
        surface, unit, mult = line.split("\t")
        table[surface] = (unit, Decimal(mult))
    for noun, unit in _BARE_NOUNS.items():
        table.setdefault(noun, (unit, Decimal(1)))
    return trie_regex(table), table


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    section = ""
    for line in data_path("lexicon", "outcome_cues.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line.strip("[]")
        elif line:
            out.setdefault(section, []).append(line)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


_NUMBER_RX = re.compile(rf"(?P<pct>百分之)?(?P<pre>第)?(?P<num>{_NUM})(?P<post>多|余)?")


def _year_of(doc: Document) -> int | None:
    return int(doc.meta.date[:4]) if doc.meta.date else None


def find_date(doc: Document, sent_start: int, pos: int) -> str | None:
    """The date a result held: the last date written before it in its sentence (read across
    semicolons: 今年上半年,面积达到…;收入达到… are both of this year)."""
    while sent_start > 0 and doc.text[sent_start - 1] in "；;" and pos - sent_start < MAX_LOOKBACK:
        sent_start = doc.sentence_at(sent_start - 1)[0]
    best = None
    for m in _DATE.finditer(doc.text, sent_start, pos):
        if doc.text[max(0, m.start() - 2):m.start()].endswith(("较", "比", "与", "同比", "相比")):
            continue  # 较2015年提高8个百分点: the year compared with, not the year of the result
        if m.group(1):
            best = m.group(1) + (f"-{int(m.group(2)):02d}" if m.group(2) and 1 <= int(m.group(2)) <= 12 else "")
        else:
            year = _year_of(doc)
            if year is None:
                continue
            year += {"今年": 0, "去年": -1, "上年": -1, "前年": -2}[m.group(3)]
            best = str(year) + (f"-{int(m.group(4)):02d}" if m.group(4) and 1 <= int(m.group(4)) <= 12 else "")
    return best


class OutcomeExtractor:
    """``OutcomeExtractor()(doc)`` appends :class:`Outcome` records (place and initiative are resolved later)."""

    def __call__(self, doc: Document) -> None:
        text = doc.text
        unit_rx, units = _units()
        cues = _cues()
        # figures inside names are not counts: “民生100”工程, 三台县, 七台河市
        quoted = _Spans([(i.start, i.end) for i in doc.initiatives]
                        + [(m.start, m.end) for m in doc.place_mentions]
                        + [m.span() for m in re.finditer(r"“[^“”\n]{1,30}”", text)])
        plans = _Spans(_plan_paragraphs(text))
        # place names are where, not what: 鹤壁市18130户… counts 户, not 鹤壁市
        # (a short form with its level character, 恩施州, too)
        place_names = _LeadingNames({m.surface for m in doc.place_mentions}
                                    | {text[m.start:m.end + 1] for m in doc.place_mentions
                                       if m.kind == "short" and text[m.end:m.end + 1] in "省市县区州盟旗"})
        first = len(doc.outcomes)
        for m in _NUMBER_RX.finditer(text):
            num_s, _num_e = m.span("num")
            if num_s > 0 and ((text[num_s - 1].isascii() and text[num_s - 1].isalnum()) or text[num_s - 1] in ".-:/"):
                continue  # part of a code, a version or a time (5G, 9:00, 0731-…)
            u = None if m.group("pct") else unit_rx.match(text, m.end())
            if u is None and not m.group("pct"):
                continue  # no unit: most numbers end here, before the costlier tests below
            value = parse_number(m.group("num"))
            if value is None or value == 0:
                continue
            cn = not m.group("num")[0].isdigit()
            qualified = (num_s > 0 and text[num_s - 1] in "近逾上超约"
                         and text[max(0, num_s - 2):num_s] not in _WORDS_ENDING_YUE)  # 签约亿元: not 约
            if cn and (m.group("num") in ("一", "两") or (set(m.group("num")) <= set("十百千万亿") and not qualified)):
                continue  # 一/两/千万 alone are words far more often than counts (方便千万家)
            if num_s > 0 and text[num_s - 1] in "数几":
                continue  # 数十倍: not a figure
            if num_s in plans:
                continue
            pos = m.end()
            rank = False
            if m.group("pct"):  # 百分之三十 = 30%
                if m.group("pre"):
                    continue
                num_s, surface_unit, unit, mult, end = m.start(), "%", "%", Decimal(1), pos
            else:
                if m.group("pre"):
                    if u and (u.group() in ("名", "位") or (u.group() == "个" and _RANK_AFTER.match(text, u.end()))):
                        rank = True
                    else:
                        continue  # 第五届, 第一书记: an ordinal, not a count
                assert u is not None
                surface_unit = u.group()
                unit, mult = units[surface_unit]
                end = u.end()
                if rank:
                    unit, mult = "名次", Decimal(1)
            nxt = text[end:end + 6]
            if surface_unit == "届" and _ORDINAL_MEETING.match(nxt):
                continue
            address = surface_unit in ("栋", "间", "号", "层") and nxt[:1].isdigit()
            # (亿元以上项目218个: a class of projects, not an amount)
            criterion = nxt.startswith(("以上的", "以下的")) or bool(_CRITERION.match(nxt)) or (
                surface_unit == "岁" and nxt.startswith(("以上", "以下")))
            duration = surface_unit == "个" and nxt.startswith(("月", "小时", "工作日", "星期", "季度"))
            if address or criterion or duration:
                continue  # 1栋105室 (an address), 60岁以上的 (a criterion), 前11个月 (a duration)
            if cn and surface_unit in ("个", "项", "条", "家", "次", "名", "位", "届") and not m.group("pre") \
                    and value < 20 and not m.group("post"):
                continue  # 一个, 两项, 三条: counting words, not reported figures
            if num_s in quoted:
                continue  # inside a name: “民生100”, “稳就业17条”
            sent_s, sent_e = doc.sentence_at(num_s)
            sent_s, sent_e = max(sent_s, num_s - MAX_LOOKBACK), min(sent_e, end + MAX_LOOKBACK)
            clause_s = sent_s
            for b in _CLAUSE_BREAK.finditer(text, sent_s, num_s):
                clause_s = b.end()
            before_clause = text[clause_s:num_s]
            sentence_before = text[sent_s:num_s]
            if self._is_target(sentence_before, before_clause, cues):
                continue
            qualifier = self._qualifier(before_clause, m.group("post"), nxt, cues)
            indicator = self._indicator(text, clause_s, num_s, end, sent_e, place_names)
            if rank and len(ranked := _TRAIL_NOISE.sub("", _RANK_TAIL.sub("", indicator))) >= 2:
                indicator = ranked
            if not indicator:
                continue
            doc.outcomes.append(Outcome(
                value=value * mult if not rank else value,
                unit=unit,
                indicator=indicator,
                start=num_s,
                end=end,
                surface=text[num_s:end],
                qualifier=qualifier,
                date=find_date(doc, sent_s, num_s),
            ))
        self._pair_before_after(doc, first)
        self._respective_places(doc, first)

    @staticmethod
    def _respective_places(doc: Document, start: int) -> None:
        """鹿寨县、融安县和三江县分别新增企业5家、3家和4家: the i-th figure is the i-th place's, and
        all count what stands between 分别 and the first figure."""
        text = doc.text
        spans = {(m.start, m.end): m.key for m in doc.place_mentions}
        outs = doc.outcomes[start:]
        for m in re.finditer("分别", text):
            lo = max(text.rfind(c, max(0, m.start() - MAX_LOOKBACK), m.start()) for c in ",，;；:：。!?！？\n")
            items = _ITEM_SPLIT.split(text[lo + 1:m.start()])
            keys, pos = [], lo + 1
            for item in items:
                at = text.find(item, pos)
                keys.append(spans.get((at, at + len(item))))
                pos = at + len(item)
            if len(keys) < 2 or None in keys:
                continue
            stop = _CLAUSE_END.search(text, m.end())
            figures = [o for o in outs if m.end() < o.start < (stop.start() if stop else len(text))]
            if len(figures) != len(keys):
                continue
            indicator = _clean(text[m.end():figures[0].start])
            for out, key in zip(figures, keys, strict=True):
                out.place = key
                if len(indicator) >= 2:
                    out.indicator = indicator[-20:]

    @staticmethod
    def _pair_before_after(doc: Document, start: int) -> None:
        """由23.9%降至0.37%, 从1948亿元突进到3003.13亿元: the later figure records the earlier one as
        ``previous`` (both stay outcomes: the earlier is what held at its own date)."""
        outs = doc.outcomes[start:]
        for a, b in itertools.pairwise(outs):
            between = doc.text[a.end:b.start]
            if (a.unit == b.unit and len(between) <= 12 and _CHANGE_TO.search(between)
                    and re.search(r"[由从]\S{0,12}$", doc.text[max(0, a.start - 14):a.start])):
                b.previous = a.value
                if _CHANGE_VERB.fullmatch(b.indicator):  # 从7万元增加到68万元: the same indicator
                    b.indicator = a.indicator

    @staticmethod
    def _is_target(sentence_before: str, clause: str, cues: dict[str, tuple[str, ...]]) -> bool:
        """A plan or target: a cue in the clause, or a strong one earlier in the sentence."""
        for cue in cues.get("target", ()) + cues.get("offer", ()):
            if cue in clause:
                return True
        if _STRONG_TARGET.search(sentence_before):
            return True
        # 将 as "will" (not 将近, not 将…纳入 = 把): a bare 将 before a verb in the clause
        return bool(_WILL.search(clause))

    @staticmethod
    def _qualifier(clause: str, post: str | None, nxt: str, cues: dict[str, tuple[str, ...]]) -> str | None:
        if post:
            return "more_than"
        tail = clause[-3:]
        for kind in ("approx", "more_than", "less_than", "at_least"):
            for cue in cues.get(kind, ()):
                if tail.endswith(cue) and (len(cue) >= 2 or cue in "近约逾超") and tail[-2:] not in _WORDS_ENDING_YUE:
                    return kind
        if nxt.startswith(("以上", "多")):
            return "more_than"
        if nxt.startswith(("左右",)):
            return "approx"
        if nxt.startswith(("以下", "以内")):
            return "less_than"
        return None

    @staticmethod
    def _indicator(text: str, clause_s: int, num_s: int, end: int, sent_e: int, places: _LeadingNames) -> str:
        """What was counted: the words before the figure in its clause (or, failing that, in the
        clause before it, or the words after it), without dates, places, coreference and verbs."""
        # 分别达到33.3%、38%、43.2%: a figure after 、 shares the words before the first one
        if clause_s > 0 and text[clause_s - 1] == "、" and (
                _ONLY_FIGURES.fullmatch(text[clause_s:num_s]) or "分别" in text[clause_s:num_s]):
            j, lo = clause_s - 1, max(0, clause_s - MAX_LOOKBACK)
            while j > lo and text[j - 1] not in ",，;；:：。!?！？\n":
                j -= 1
            clause_s = j
        # 森林覆盖率、城市绿地率分别达到33.3%、38%: the i-th figure belongs to the i-th item
        m = _RESPECTIVELY.match(text[clause_s:num_s])
        if m:
            head = _CLAUSE_SPLIT.split(m.group(1))[-1]
            items = [_clean(places.strip(_clean(x))) for x in _ITEM_SPLIT.split(head)]
            index = len(_FIGURE.findall(text[clause_s + m.end():num_s]))
            if len(items) > 1 and index < len(items) and len(items[index]) >= 2:
                return items[index][-20:]
        # 带动2.35万户8.17万人: the words before a figure, not the figure before it
        chunks = _FIGURE_WITH_UNIT.split(text[clause_s:num_s])
        for chunk in reversed(chunks):
            if _HAN.search(chunk) and chunk.rstrip().endswith(("、", "和", "及")):
                break  # 68个乡镇、280多个行政村: the words before are the previous item's
            cleaned = _clean(places.strip(_clean(chunk)))
            if len(cleaned) >= 2:
                return cleaned[-20:]
        stop = _CLAUSE_BREAK.search(text, end, sent_e)
        after = text[end:stop.start() if stop else sent_e]
        # 9720户33756人实现脱贫: skip the figures that follow, stop at the next one after words
        after = _FIGURES_AHEAD.sub("", after)
        after = _clean(_DIGIT.split(after, maxsplit=1)[0].removeprefix("的"))
        if len(after) >= 2:
            return after[:20]  # 166个贫困村全部退出: what follows the figure says what it counts
        # 从1948亿元突进到3003.13亿元: the clause before says what (地区生产总值…)
        lo = max(0, clause_s - MAX_LOOKBACK)
        prev = text.rfind(",", lo, clause_s - 1)
        sent_s = max(text.rfind("。", lo, clause_s), text.rfind("\n", lo, clause_s), lo - 1)
        if clause_s - 1 > sent_s:
            head = _clean(_DIGIT.split(text[max(prev + 1, sent_s + 1):clause_s - 1], maxsplit=1)[0])
            if len(head) >= 2:
                return head[:20]
        return after


class _LeadingNames:
    """Strips the place names an article mentions from the start of some words (湘潭市雨湖区就业人数
    -> 就业人数); a loop over the names, longest first, instead of a regex compiled per article."""

    def __init__(self, names: set[str]):
        self._names = tuple(sorted(names, key=lambda n: (-len(n), n)))

    def strip(self, words: str) -> str:
        while words:
            for name in self._names:
                if words.startswith(name):
                    words = words[len(name):]
                    break
            else:
                return words
        return words


class _Spans:
    """Spans ``[start, end)``, possibly overlapping; ``pos in spans`` in O(log n) (not a scan per figure)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self._starts = [s for s, _ in spans]
        self._reach: list[int] = []  # the furthest end among the spans starting at or before each
        for _, e in spans:
            self._reach.append(max(e, self._reach[-1]) if self._reach else e)

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and self._reach[i] > pos


def _clean(words: str) -> str:
    words = _MARKUP_LEAD.sub("", words, count=1)  # markdown headings, section letters (### B …)
    words = _QUOTES_SPACE.sub("", words)
    words = _lead_noise().sub("", words)
    return _TRAIL_NOISE.sub("", words).strip("、和及与")

_WILL = re.compile(r"(?<!即)将(?!近|其|因|该|这|各|所)(?:[\u4e00-\u9fff]{0,2})"
                   r"(?:实现|达到|完成|新增|建成|超过|新建|改建|"
                   r"建设|投入|开工|实施|推进|启动|打造|提高|提升|增加|继续|进一步|加快|大力|着力|重点)")
_CHANGE_TO = re.compile(r"(?:降至|降到|降为|下降到|下降至|减少到|减至|提高到|提高至|提升到|提升至|增加到|增至|增长到|"
                        r"上升到|上升至|突进到|达到|扩大到|跃升至|跃升到|变为|到)")
_CHANGE_VERB = re.compile(r"(?:降|下降|减少|减|提高|提升|增加|增|增长|上升|突进|扩大|跃升|变)[至到为]?")
_WORDS_ENDING_YUE = {"签约", "节约", "制约", "预约", "履约", "特约", "公约", "条约", "违约", "邀约", "相约"}
_CRITERION = re.compile(r"(?:以上|以下)(?![的,，。;；、:：!?！？）)\s]|$)[\u4e00-\u9fff]")
_CLAUSE_END = re.compile(r"[,，;；:：。!?！？\n]")
_RESPECTIVELY = re.compile(r"(.*?)分别(?:为|是|达到|达|超过|增长|提高到|下降|降至)?(?=[0-9]|$)")
_PLAN_CUE = re.compile(r"确保|力争|力促|争取|预计|计划到|目标是|目标为")
_STRONG_TARGET = re.compile(r"预计|力争|确保|有望|计划到|目标是|目标为")
# hot-path patterns, compiled once (``re.sub(r"…")`` looks its pattern up on every call)
_ONLY_FIGURES = re.compile(r"[\s\d.%万亿]*")
_CLAUSE_SPLIT = re.compile(r"[,，;；:：]")
_ITEM_SPLIT = re.compile(r"[、和与及]")
_FIGURE = re.compile(r"[0-9][0-9.]*[万亿]?")
#: (not the digits of a term: 5G基站, 4K)
_FIGURE_WITH_UNIT = re.compile(r"(?<![A-Za-z])[0-9](?![0-9.]*[A-Za-z])[0-9.]*[万亿千]?[\u4e00-\u9fff%]?(?:[多余])?")
_FIGURES_AHEAD = re.compile(r"^(?:多|余|以上|左右)?(?:[0-9][0-9.]*[万亿]?[\u4e00-\u9fff%]?(?:多|余)?)*")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"[0-9]")
_MARKUP_LEAD = re.compile(r"^[#>*\-\s]*(?:[A-Z]\s+)?")
_QUOTES_SPACE = re.compile(r"[“”\"《》()（）\s]")


#: longer than this, a "paragraph" is a page that lost its line breaks (a scraped single line), not a
#: plan: its sentences are judged one by one (_is_target)
MAX_PLAN_PARAGRAPH = 1000


def _plan_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs that are plans (two or more plan cues): their numbers are targets."""
    out, pos = [], 0
    for para in text.split("\n"):
        cues = list(_PLAN_CUE.finditer(para))
        if len(para) <= MAX_PLAN_PARAGRAPH and len(cues) >= 2:
            # from the sentence of the first cue on: the results reported before it stay results
            # (去年…达到4280人。下一步,将力争…确保…)
            start = max(para.rfind(c, 0, cues[0].start()) for c in "。！？!?") + 1
            out.append((pos + start, pos + len(para)))
        pos += len(para) + 1
    return out
