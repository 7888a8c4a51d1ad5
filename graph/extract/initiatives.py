"""Initiatives: named programmes, campaigns, actions, plans, work models and policy documents.

How these papers name them:

- in quotation marks, often with a type word after: “四跟四走”, “民生100”工程 (-> 民生100工程),
  “三三四”基层医疗卫生服务新模式;
- in book-title marks when they are documents: 《…工作方案》, 《关于…的实施意见》;
- unquoted after a launching verb: 启动老年人家庭适老化改造项目, 实施乡村振兴战略.

A quoted phrase is kept only when something marks it as a programme (a type word, a numeral
pattern such as 四跟四走, or a launching verb before it): quoted metaphors (“金饭碗”) and slogans
(“经济强、百姓富…”) are not initiatives.
"""

from __future__ import annotations

import bisect
import re

from ..document import Document, Initiative

TYPE_WORDS = ("专项行动", "系列行动", "行动计划", "工作法", "工程", "行动", "计划", "战略", "模式", "方案",
              "活动", "项目", "机制", "制度", "工作", "平台", "系统", "体系", "改革", "试点", "品牌")
_TYPE = "|".join(TYPE_WORDS)
DOC_TYPES = ("实施意见", "指导意见", "意见", "方案", "规划", "办法", "通知", "决定", "条例", "计划", "纲要",
             "措施", "细则", "规定", "行动", "工程", "政策", "若干措施")
LAUNCH = ("实施", "开展", "启动", "推进", "推行", "落实", "深化", "打造", "创建", "建立", "出台", "制定", "开通",
          "上线", "探索", "创新", "聚焦", "抓好", "统筹", "围绕", "完善", "推动", "发起", "部署", "试点", "走出",
          "形成", "印发", "下发", "审议", "通过", "提出", "启用", "做好", "坚持")
_NUMERAL = re.compile(r"[0-9一二三四五六七八九十两百千万]")
_STRONG_NUMERAL = re.compile(r"[0-9一二三四五六七八九十两]")
_QUOTE = re.compile(r"[“「『\"]([^“”「」『』\"\n]{1,30})[”」』\"]")
_BOOK = re.compile(r"《([^《》\n]{2,60})》")
_AFTER_QUOTE = re.compile(rf"([\u4e00-\u9fff·+]{{0,12}}?)({_TYPE})")
#: unquoted names need a sharper type word: 工作 / 体系 / 系统 of anything are not names
UNQUOTED_TYPES = ("专项行动", "行动计划", "工程", "行动", "计划", "战略", "模式", "方案", "活动", "项目", "机制",
                  "制度")
_UNQUOTED = re.compile(rf"(?:{'|'.join((*LAUNCH, '考察', '参观'))})(?:了|好|起)?"
                       rf"([\u4e00-\u9fff]{{2,14}}(?:{'|'.join(UNQUOTED_TYPES)}))"
                       r"(?=[,，。;；、)）\s时后中的等上已被]|$)")
_MEASURE_AFTER_NUMERAL = re.compile(r"^[一二三四五六七八九十两][个大项条支张套份批]")
#: a generic programme after a verb of carrying it out: 加快推进棚户区改造, 强化驻村帮扶 (optional in the
#: annotation guidelines, but what outcomes are credited to)
_PROGRAMME = re.compile(r"(?:推进|实施|开展|强化|深化|推动|抓好|做好|加强|落实|启动)(?:了)?"
                        r"([\u4e00-\u9fff]{2,8}?(?:扶贫|帮扶|改造|改革|整治|攻坚))(?=[,，。;；、)）\s]|$|项目|工作)")
_NOT_NAME = re.compile(r"[的了、和与及在是为,，已被将把对从向有让使以]")
#: what may follow the type word that ends a name: punctuation, a particle, or a verb of what happened to it
_AFTER_TYPE = re.compile(r"[,，。;；、:：)）”…—!?！？\s]|$|[的在等和与及中上被已也让使为]|发展|带动|推动|上线|启动|"
                         r"开展|实施|推广|获|"
                         r"取得|成为|"
                         r"升级版|落地|见效|建设|开始|以来|后|期间")
#: generic words that are not a name on their own (the type word alone, or 工作 of anything)
_GENERIC = {"工作", "各项工作", "相关工作", "帮扶工作", "考核工作", "这项工作", "此项工作", "重点工作", "项目",
            "重点项目", "活动", "行动", "计划", "民生工程", "全部工作", "长效机制", "工作机制", "体制机制", "领导机制"}


def _is_slogan(core: str) -> bool:
    """A list of phrases or a sentence in quotes: 经济强、百姓富…, 晴天一身灰,雨天一身泥."""
    if re.search(r"[,，。;；!！?？]", core):
        return True
    parts = core.split("、")
    if len(parts) > 1 and all(len(p) <= 1 for p in parts):
        return True  # “一、工、上、止、正”: a list of characters
    return len(parts) > 2 or (len(parts) == 2 and not _STRONG_NUMERAL.search(core))


def _numbered_model(core: str) -> bool:
    """A work model named by its numbers: 四跟四走, 三个一, 十大民生实事, 稳就业17条 (not 一位难求)."""
    if re.search(r"\d", core):
        return True
    numerals = _STRONG_NUMERAL.findall(core)
    if len(numerals) == len(core):
        return False  # 八一: a date
    return len(numerals) >= 2 or bool(_MEASURE_AFTER_NUMERAL.match(core))


def _marked_as_programme(core: str, before: str) -> bool:
    """A quoted phrase without a type word after it is a programme when it names one itself
    (…工程, 河长制), is a numbered work model (四跟四走), or follows a launching verb (实施“…”)."""
    if core.endswith(TYPE_WORDS) or core.endswith(("长制", "责任制")):
        return True
    if _numbered_model(core) and len(core) <= 12:
        return True
    return len(core) >= 3 and any(before.endswith(v) or before.endswith(v + "了") for v in LAUNCH)


class InitiativeExtractor:
    """``InitiativeExtractor()(doc)`` appends :class:`Initiative` mentions (places are resolved later)."""

    def __call__(self, doc: Document) -> None:
        text = doc.text
        found: list[Initiative] = []
        taken = _Taken()
        for m in _QUOTE.finditer(text):
            core = m.group(1).strip()
            if len(core) < 2:
                continue
            after = _AFTER_QUOTE.match(text, m.end())
            before = text[max(0, m.start() - 4):m.start()]
            name, end = core, m.end()
            # (以“三个一”机制破解…: after 以, a type word right after the quote ends the name, whatever follows)
            if after and not _NOT_NAME.search(after.group(1)) and (
                    _AFTER_TYPE.match(text, after.end()) or (before.endswith("以") and not after.group(1))):
                name, end = core + after.group(1) + after.group(2), after.end()
            elif re.fullmatch(r"[\d.%]+", core) or not _marked_as_programme(core, before):
                continue
            if _is_slogan(core) and end == m.end():
                # “一张网、一个联盟、一支基金”: a list of numbered work models is several initiatives
                parts = core.split("、")
                if len(parts) > 2 and all(_numbered_model(p) and len(p) <= 5 for p in parts):
                    pos = m.start() + 1
                    for part in parts:
                        found.append(Initiative(part, pos, pos + len(part), part))
                        pos += len(part) + 1
                    taken.add(m.start(), m.end())
                continue
            found.append(Initiative(name, m.start(), end, text[m.start():end]))
            taken.add(m.start(), end)
        for m in _BOOK.finditer(text):
            core = m.group(1).strip()
            if core.endswith(DOC_TYPES):
                found.append(Initiative(core, m.start(), m.end(), m.group()))
                taken.add(*m.span())
        for m in _PROGRAMME.finditer(text):
            s, e = m.span(1)
            name = re.sub(r"^(?:全面|深入|持续|大力|积极|扎实|加快|认真|着力|进一步)", "", m.group(1))
            if len(name) >= 4 and not _NOT_NAME.search(name) and not taken.overlaps(s, e):
                found.append(Initiative(name, e - len(name), e, name))
                taken.add(e - len(name), e)
        for m in _UNQUOTED.finditer(text):
            s, e = m.span(1)
            name = m.group(1)
            if taken.overlaps(s, e) or _NOT_NAME.search(name) or name in _GENERIC:
                continue
            # strip a leading adverb the verb pattern swallowed (全面, 深入 …)
            name = re.sub(r"^(?:全面|深入|持续|大力|积极|扎实|加快|认真|着力|进一步)", "", name)
            if len(name) < 4 or name in _GENERIC:
                continue
            found.append(Initiative(name, e - len(name), e, name))
        found.sort(key=lambda i: (i.start, i.end))
        doc.initiatives.extend(found)


class _Taken:
    """Spans already claimed by a name; ``overlaps`` looks only at spans that start near, so an
    article with many thousands of names is not checked name against name."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        bisect.insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._spans, (start - self._longest, -1))
        j = bisect.bisect_left(self._spans, (end, -1))
        return any(s < end and start < e for s, e in self._spans[i:j])


def canonical_name(name: str) -> str:
    """The identity of an initiative's name: quotes, marks and spaces removed.

    >>> canonical_name("“民生100”工程")
    '民生100工程'
    """
    return re.sub(r"[\s“”\"'‘’《》「」『』]", "", name)
