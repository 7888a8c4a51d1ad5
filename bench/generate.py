"""A seeded, reproducible generator of benchmark articles in the genre xkg reads.

Chinese local newspapers' reports on poverty alleviation, rural revitalisation and livelihood
programmes (株洲日报, 河南日报 …): a headline, a dateline and a byline, then paragraphs about
programmes in quotation marks, officials with their posts, outcomes with numbers in every written
form, plans and targets, coreference (全市, 该区) and chains of places (县 镇 村).

Articles are assembled from the sentence templates in ``bench/templates.txt`` (written for this
benchmark, none taken from an article), filled with places drawn from the national gazetteer (one
province, one of its cities, counties and townships under it, consistent within an article),
invented people (surnames from ``data/lexicon/surnames.txt`` and common given-name characters),
invented programme names and random numbers. Lengths are log-normal (median about 5,000
characters, 1,000 to 15,000). A few articles (``TRADITIONAL_SHARE``) are in traditional script,
as some papers' web editions are.

Article ``i`` of seed ``s`` depends on ``(s, i)`` only: the same seed gives the same bytes in any
process, and a smaller corpus is a prefix of a larger one. Generation streams: nothing is held
but the article being written.

    python bench/generate.py --n 1000 --seed 1 --out bench/out/corpus/n1000-s1

>>> name, text = next(generate(1, seed=1))
>>> name.startswith("000000_") and name.endswith(".txt") and 1000 <= len(text) <= 15000
True
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import math
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: the graph package beside bench/
    sys.path.insert(0, str(ROOT))

from graph.gazetteer import load_gazetteer  # noqa: E402

#: bump when the output changes for a given seed (run.py regenerates cached corpora then)
GENERATOR_VERSION = "1"
TEMPLATES = Path(__file__).resolve().parent / "templates.txt"
SURNAMES = ROOT / "data" / "lexicon" / "surnames.txt"

MIN_CHARS, MAX_CHARS, MEDIAN_CHARS, SIGMA = 1000, 15000, 4700, 0.55
TRADITIONAL_SHARE = 0.04
COMMENTARY_SHARE = 0.15

#: characters common in given names (general knowledge)
GIVEN = ("伟勇军华明建国平红丽芳志强文斌海林涛春晓宇婷静磊鹏辉杰俊峰敏燕玲霞刚波颖慧琳娟飞新德光"
         "荣祥瑞永胜利忠良宏兵东亮超欣佳雪梅兰桂英秀凤云龙湘清松柏成学庆福贵安和泽彬琦凯浩博睿"
         "晨阳晖昊鑫鸣振兴家跃卫立正中小卓远锋江河山石武坤庭洪启若思雨蕾菊萍素育彦诚智毅翔宁")
#: characters of invented village names
VILLAGE_CHARS = ("石桥塘坪冲湾岭源溪坳田洲背新联合胜利光明团结红星龙凤竹林枫桃花茶柳杨枣梨泉井岩峪"
                 "沟湖港堰垅黄白青金银丰富兴旺盛安乐和福寿宝官庄铺店集寨堡营")
NUMERALS = "一二三四五六七八九十"
#: one-character verbs of numbered work models (三联三帮, 四访四到)
PROG_VERBS = "联帮访送包扶查改建清治保带领促进到走问解育引强补稳惠学比争创评"
PROG_NOUNS = ("幸福屋场", "美丽庭院", "红色头雁", "产业振兴", "暖心驿站", "田园综合体", "乡贤回归",
              "金色池塘", "绿色家园", "和美乡村", "群众点单", "能人带富", "巾帼创业", "青春返乡",
              "稳岗增收", "致富课堂", "爱心超市", "连心桥", "同心圆", "网格连心")
PROG_SHORT = ("民生", "安居", "就业", "振兴", "强基", "惠农", "兴业", "育才", "暖心", "筑巢", "百业", "健康")
PROG_TYPES = ("工程", "行动", "计划", "模式", "机制", "活动", "工作法", "专项行动", "")
TOPICS = ("产业扶贫", "易地扶贫搬迁", "农村人居环境整治", "农村危房改造", "健康扶贫", "教育扶贫", "就业扶贫",
          "消费扶贫", "生态扶贫", "农村饮水安全巩固提升", "高标准农田建设", "防止返贫动态监测", "乡村治理",
          "农村土地制度改革", "集体产权制度改革", "旧村改造", "民生实事")
INDUSTRIES = ("特色种养业", "乡村旅游", "农产品加工", "电子商务", "光伏发电", "林下经济", "劳务经济",
              "现代农业产业园", "文旅融合")
CROPS = ("黄桃", "茶叶", "油茶", "中药材", "猕猴桃", "蔬菜", "食用菌", "花卉苗木", "柑橘", "辣椒", "葡萄",
         "小杂粮", "烤烟", "蓝莓", "花椒", "核桃")
VILLAGERS = ("脱贫户", "村民", "种粮大户", "养殖户", "返乡青年", "致富带头人", "合作社负责人", "监测户")
DEPARTMENTS = (("农业农村局", "局长"), ("农业农村局", "副局长"), ("乡村振兴局", "局长"), ("扶贫办", "主任"),
               ("人社局", "局长"), ("住建局", "副局长"), ("教育局", "局长"), ("卫健委", "主任"),
               ("民政局", "局长"), ("水利局", "局长"), ("交通运输局", "局长"), ("发改委", "副主任"),
               ("财政局", "局长"), ("生态环境局", "局长"))
REPORTER_ROLES = ("记者", "全媒体记者", "融媒体记者", "见习记者")
WEEKDAYS = "一二三四五六日"


# -- the world: places from the gazetteer ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class County:
    name: str
    short: str
    level_char: str  # 县 区 市 旗: the char of its coreference words and head's title (区长)
    towns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class City:
    name: str
    short: str
    level_char: str  # 市 州 盟, or "" for a 地区 (its leaders have other titles)
    province: str
    province_short: str
    counties: tuple[County, ...]


@lru_cache(maxsize=1)
def world() -> tuple[City, ...]:
    """Every prefecture-level city with counties that have townships, by code (直辖市 left out)."""
    gaz = load_gazetteer()
    out = []
    for city in gaz:
        if city.level != "City" or city.parent is None:
            continue
        prov = gaz.get(city.parent)
        if prov is None or prov.level != "Province":
            continue
        counties = []
        for d in gaz.children(city.code):
            if d.level != "District":
                continue
            towns = tuple(t.name for t in gaz.children(d.code) if t.level == "Town" and len(t.name) >= 3)
            if not towns:
                continue
            short = (gaz.short_forms(d) or [d.name])[0]
            counties.append(County(d.name, short, d.name[-1] if d.name[-1] in "县区市旗" else "县", towns))
        if counties:
            level_char = city.name[-1] if city.name[-1] in "市州盟" else ""
            out.append(City(city.name, (gaz.short_forms(city) or [city.name])[0], level_char, prov.name,
                            (gaz.short_forms(prov) or [prov.name])[0], tuple(counties)))
    return tuple(out)


@lru_cache(maxsize=1)
def surnames() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(common single surnames in the lexicon's order, compound surnames)."""
    single: list[str] = []
    compound: list[str] = []
    for line in SURNAMES.read_text(encoding="utf-8").splitlines():
        if line.startswith("# less common"):
            break
        if line.startswith("#"):
            continue
        for w in line.split():
            (compound if len(w) == 2 else single).append(w)
    return tuple(dict.fromkeys(single)), tuple(compound)


# -- templates ------------------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1)
def templates() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Section -> templates, each as (a format string with positional ``{}``, the slot names)."""
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    section = None
    for line in TEMPLATES.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            out.setdefault(section, [])
            continue
        if section is None:
            raise ValueError(f"{TEMPLATES}: template before any [section]: {line}")
        parts = _SLOT.split(line)
        fmt = "{}".join(p.replace("{", "{{").replace("}", "}}") for p in parts[::2])
        out[section].append((fmt, tuple(parts[1::2])))
    return {k: tuple(v) for k, v in out.items()}


# -- one article ----------------------------------------------------------------------------------


def _num(x: float, digits: int) -> str:
    """A decimal as papers write it: at most ``digits`` decimals, no trailing zeros."""
    s = f"{x:.{digits}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


class _Rng(random.Random):
    """``random.Random`` with quicker draws: indexing by ``random()`` is several times faster than
    ``choice``/``randrange``/``randint`` (whose exact draws do not matter here)."""

    def pick(self, seq):  # type: ignore[no-untyped-def]
        return seq[int(self.random() * len(seq))]

    def below(self, n: int) -> int:
        return int(self.random() * n)

    def between(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


class _Article:
    """The state of one article being written: its places, people, programmes and random source."""

    def __init__(self, seed: int, index: int):
        self.r = r = _Rng(f"xkg-bench:{seed}:{index}")
        cities = world()
        self.city = city = cities[r.below(len(cities))]
        k = min(len(city.counties), 1 + int(r.random() * 4))
        self.counties = r.sample(city.counties, k)
        self.towns = [r.sample(c.towns, min(len(c.towns), 1 + int(r.random() * 3))) for c in self.counties]
        self.villages: dict[str, list[str]] = {}
        self.city_paper = r.random() < 0.7
        self.paper = (city.short if self.city_paper else city.province_short) + "日报"
        self.year = 2016 + r.below(8)
        month = 1 + r.below(12)
        self.date = datetime.date(self.year, month, 1 + r.below(28))
        self.officials: list[str] = []
        self.max_officials = 2 + r.below(5)
        self.programmes = [self._programme() for _ in range(2 + r.below(5))]
        self.docs = [self._document() for _ in range(1 + r.below(2))]
        self._county: int | None = None
        self._town: str | None = None
        self._prog = self.programmes[0]
        self._last: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._templates = templates()
        self._rnd = r.random
        self.fill: dict[str, Callable[[], str]] = {
            "prov": lambda: city.province, "prov_s": lambda: city.province_short,
            "city": lambda: city.name, "city_s": lambda: city.short, "paper": lambda: self.paper,
            "county": lambda: self.county().name, "county_s": lambda: self.county().short,
            "town": self.town, "village": self.village,
            "ccity": self.coref_city, "ccounty": self.coref_county, "cprov": lambda: "全省",
            "official": self.official, "leader": self.leader, "person": self.person,
            "villager": lambda: r.pick(VILLAGERS),
            "prog": self.prog, "prog2": self.prog2, "doc": lambda: r.pick(self.docs),
            "topic": lambda: r.pick(TOPICS), "industry": lambda: r.pick(INDUSTRIES),
            "crop": lambda: r.pick(CROPS), "quote": lambda: self.sentence("quote"),
            "people": self.people, "hh": self.hh, "hhpp": self.hhpp, "wan_people": self.wan_people,
            "wan": lambda: _num(r.uniform(0.5, 60), r.pick((1, 2))) + "万",
            "yi": self.yi, "gdp": lambda: _num(r.uniform(60, 4200), 2) + "亿元",
            "wanyuan": lambda: f"{r.between(200, 60000)}万元",
            "wanyuan_small": lambda: _num(r.uniform(10, 200), r.pick((0, 1, 2))) + "万元",
            "small_wanyuan": lambda: f"{r.between(2, 9)}万元",
            "yuan": lambda: f"{r.between(600, 9000)}元", "income": lambda: f"{r.between(8500, 42000)}元",
            "monthly": lambda: f"{r.between(42, 110) * 10}元", "monthly_wage": lambda: f"{r.between(18, 65) * 100}元",
            "growth": lambda: _num(r.uniform(1.2, 13.5), 1) + "%",
            "pct": lambda: _num(r.uniform(20, 99.9), r.pick((0, 1, 1, 2))) + "%",
            "pct_mid": lambda: _num(r.uniform(5, 30), r.pick((1, 2))) + "%",
            "pct_small": lambda: _num(r.uniform(0.05, 4.5), 2) + "%",
            "near_hh": lambda: r.pick(("近千户", "近万户", f"近{r.between(2, 9)}000户", f"近{r.between(2, 9)}万户")),
            "near_people": lambda: r.pick(("近万人", f"近{r.between(2, 9)}万人", f"近{r.between(2, 9)}000人")),
            "more_hh": lambda: f"{r.between(2, 90) * 100}{r.pick('多余')}户",
            "more_items": lambda: f"{r.between(12, 900)}{r.pick('多余')}个",
            "more_bare": lambda: f"{r.between(12, 90) * 100}余",
            "count": lambda: f"{r.between(3, 480)}个", "firms": lambda: f"{r.between(6, 300)}家",
            "rank": lambda: f"第{r.between(1, 20)}{r.pick('名位')}",
            "mu": lambda: _num(r.uniform(0.5, 80), 2) + "万亩" if r.random() < 0.6 else f"{r.between(3, 99) * 100}亩",
            "sqm": lambda: _num(r.uniform(0.5, 90), 1) + "万平方米",
            "km": lambda: _num(r.uniform(12, 2400), r.pick((0, 1))) + "公里",
            "ton": lambda: _num(r.uniform(2, 90), 1) + "万吨",
            "years": lambda: str(r.between(3, 9)),
            "year": lambda: str(max(2013, self.year - r.below(5))),
            "next_year": lambda: str(self.year + 1 + r.below(5)),
            "ym": lambda: f"{max(2013, self.year - r.below(4))}年{1 + r.below(12)}月",
            "md": lambda: f"{1 + r.below(12)}月{1 + r.below(28)}日",
        }

    # places: one county (and town, village) per sentence
    def county(self) -> County:
        if self._county is None:
            self._county = self.r.below(len(self.counties))
        return self.counties[self._county]

    def town(self) -> str:
        if self._town is None:
            self.county()
            self._town = self.r.pick(self.towns[self._county])
        return self._town

    def village(self) -> str:
        town = self.town()
        have = self.villages.setdefault(town, [])
        if not have or (len(have) < 3 and self.r.random() < 0.3):
            r = self.r
            name = r.pick(VILLAGE_CHARS) + r.pick(VILLAGE_CHARS)
            have.append(name + ("村" if r.random() < 0.85 else "社区"))
            return have[-1]
        return self.r.pick(have)

    def coref_city(self) -> str:
        c = self.city.level_char
        if not c:  # a 地区: 全区 would mean a district
            return self.city.name
        return self.r.pick((f"全{c}", f"我{c}", f"全{c}", f"该{c}") if self.city_paper else (f"全{c}", f"该{c}"))

    def coref_county(self) -> str:
        c = self.county()
        if c.level_char == "市":  # a county-level city: 全市 would mean the prefecture; name it
            return c.name
        return ("全" if self.r.random() < 0.6 else "该") + c.level_char

    # people
    def person(self) -> str:
        r = self.r
        single, compound = surnames()
        sur = r.pick(compound) if r.random() < 0.02 else single[int(len(single) * r.random() ** 1.6)]
        return sur + "".join(r.pick(GIVEN) for _ in range(1 if r.random() < 0.3 else 2))

    def official(self) -> str:
        """A post with its place and a name: new until the article has its officials, then reused."""
        if self.officials and (len(self.officials) >= self.max_officials or self.r.random() < 0.4):
            return self.r.pick(self.officials)
        r = self.r
        c = r.pick(self.counties)
        lc = c.level_char
        kind = r.below(8)
        if kind == 0:
            post = f"{c.name}委书记"
        elif kind == 1:
            post = f"{c.name}委副书记、{lc}长"
        elif kind == 2 and self.city.level_char:
            cc = self.city.level_char
            post = f"{self.city.name}委副书记、{cc}长" if r.random() < 0.5 else f"{self.city.name}委书记"
        elif kind in (3, 4):
            dept, title = r.pick(DEPARTMENTS)
            post = f"{r.pick((self.city.name, c.name))}{dept}{title}"
        elif kind == 5:
            post = f"{c.name}{r.pick(self.towns[self.counties.index(c)])}党委书记"
        elif kind == 6 or not self.city.level_char:
            post = f"副{lc}长" if r.random() < 0.3 else f"{c.name}副{lc}长"
        else:
            post = f"{self.city.name}副{self.city.level_char}长"
        self.officials.append(post + self.person())
        return self.officials[-1]

    def leader(self) -> str:
        return self.r.pick(("省委书记", "省长", "省委副书记", "副省长")) + self.person()

    # programmes
    def _programme(self) -> str:
        r = self.r
        kind = r.below(5)
        if kind <= 1:  # 三联三帮
            n1 = r.pick(NUMERALS[:5])
            n2 = n1 if r.random() < 0.6 else r.pick(NUMERALS[:6])
            core = n1 + r.pick(PROG_VERBS) + n2 + r.pick(PROG_VERBS)
        elif kind == 2:  # 民生100
            core = r.pick(PROG_SHORT) + r.pick(("100", "30条", "十条", "1+N", "360", "50"))
        elif kind == 3:  # 百企帮百村
            big = r.pick("百千万")
            core = f"{big}{r.pick(('企', '员', '社', '户'))}{r.pick(PROG_VERBS)}{big}{r.pick(('村', '户', '人'))}"
        else:  # 幸福屋场
            core = r.pick(PROG_NOUNS)
        typ = r.pick(PROG_TYPES)
        if not typ and kind == 4:
            typ = "工程"
        return f"“{core}”{typ}"

    def prog(self) -> str:
        p = self.programmes
        self._prog = p[int(len(p) * self.r.random() ** 1.5)]
        return self._prog

    def prog2(self) -> str:
        """A programme other than the one just named."""
        rest = [p for p in self.programmes if p != self._prog] or self.programmes
        return self.r.pick(rest)

    def _document(self) -> str:
        r = self.r
        who = r.pick((self.city.name, "", ""))
        topic = r.pick(TOPICS)
        kind = r.pick(("关于加快推进{t}的实施意见", "{t}三年行动方案", "关于进一步做好{t}工作的通知",
                         "{t}工作考核办法", "关于支持{t}的若干措施"))
        return f"《{who}{kind.format(t=topic)}》"

    # numbers
    def people(self) -> str:
        r = self.r
        if r.random() < 0.3:
            return _num(r.uniform(1, 30), r.pick((1, 2))) + "万人"
        return f"{r.between(120, 98000)}{r.pick('人人名')}"

    def hh(self) -> str:
        r = self.r
        return _num(r.uniform(1, 12), 1) + "万户" if r.random() < 0.3 else f"{r.between(80, 9800)}户"

    def hhpp(self) -> str:
        r = self.r
        h = r.uniform(0.1, 6.0)
        p = h * r.uniform(2.6, 4.1)
        if h >= 1 and r.random() < 0.7:
            return f"{_num(h, r.pick((1, 2)))}万户{_num(p, r.pick((1, 2)))}万人"
        return f"{round(h * 10000)}户{round(p * 10000)}人"

    def wan_people(self) -> str:
        return _num(self.r.uniform(0.3, 90), self.r.pick((1, 2))) + "万人"

    def yi(self) -> str:
        r = self.r
        return _num(r.uniform(0.3, 60), r.pick((1, 2))) + "亿元"

    # assembly
    def sentence(self, section: str) -> str:
        choices = self._templates[section]
        rnd = self._rnd
        parts = choices[int(rnd() * len(choices))]
        last = self._last
        if parts is last.get(section):  # not the same template twice in a row
            parts = choices[int(rnd() * len(choices))]
        last[section] = parts
        if section != "quote":  # a quote is inside a sentence: keep its places
            self._county = self._town = None
        fmt, slots = parts
        if not slots:
            return fmt.replace("{{", "{").replace("}}", "}")
        fill = self.fill
        return fmt.format(*[fill[slot]() for slot in slots])

    def paragraph(self) -> str:
        r = self.r
        x = r.random()
        if x < 0.22:
            seq = ["programme"] + (["filler"] if r.random() < 0.6 else []) + ["outcome"] * r.below(2)
        elif x < 0.40:
            seq = (["filler"] if r.random() < 0.8 else []) + ["outcome"] * (1 + r.below(2)) + \
                (["filler"] if r.random() < 0.6 else [])
        elif x < 0.47:
            seq = (["filler"] if r.random() < 0.5 else []) + ["official"] + (["outcome"] if r.random() < 0.3 else [])
        elif x < 0.63:
            seq = ["anecdote"] * (2 + r.below(2)) + [r.pick(("official", "filler", "filler", "programme"))]
        elif x < 0.71:
            seq = (["filler"] if r.random() < 0.5 else []) + ["plan"] * (1 + r.below(2))
        elif x < 0.97:
            seq = ["filler"] * (2 + r.below(3)) + (["programme"] if r.random() < 0.4 else [])
        else:
            seq = ["leader", "filler"]
        return "".join([self.sentence(s) for s in seq])

    def byline(self) -> str:
        r = self.r
        names = " ".join(self.person() for _ in range(1 + (r.random() < 0.3)))
        line = f"{self.paper}{r.pick(REPORTER_ROLES)} {names}"
        if r.random() < 0.7:
            line += f" 通讯员 {self.person()}"
        return ("□" if r.random() < 0.2 else "") + line

    def dateline(self) -> str:
        d = self.date
        return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"

    def text(self) -> str:
        r = self.r
        target = min(MAX_CHARS - 1000, max(MIN_CHARS + 100, math.exp(r.gauss(math.log(MEDIAN_CHARS), SIGMA))))
        commentary = r.random() < COMMENTARY_SHARE
        head: list[str] = []
        if r.random() < 0.1:
            head.append(f"首页 >> {self.paper} >> 内容")
        head.append(self.sentence("headline"))
        if commentary:
            author = self.person()
            c = r.pick(self.counties)
            dept, title = r.pick(DEPARTMENTS)
            post = r.pick((f"{c.name}委书记", f"{c.name}{c.level_char}长", f"{self.city.name}{dept}{title}"))
            head += [author, ""]
            sign = f"（作者系{post}）"
        else:
            if r.random() < 0.4:
                head.append(self.sentence("subtitle"))
            head += ["", self.dateline(), self.byline(), ""]
            sign = ""
        paras: list[str] = []
        size = sum(len(h) + 1 for h in head)
        lead = self.sentence("lead") + "".join(self.sentence("filler") for _ in range(1 + r.below(2)))
        paras.append(lead)
        size += len(lead) + 2
        headings = r.sample(templates()["heading"], min(6, len(templates()["heading"])))
        numbered = r.random() < 0.4
        section = 0
        since_heading = 99 if not commentary else -99
        closing = self.sentence("closing")
        while size + len(closing) + len(sign) < target:
            if since_heading >= 2 + r.below(4) and section < len(headings):
                h = headings[section][0]  # headings have no slots
                section += 1
                paras.append((f"{NUMERALS[section - 1]}、" if numbered else "") + h)
                size += len(paras[-1]) + 2
                since_heading = 0
            p = self.paragraph()
            if size + len(p) + len(closing) + len(sign) > MAX_CHARS - 200:
                break
            paras.append(p)
            size += len(p) + 2
            since_heading += 1
        if not self.officials:  # every report quotes someone in office
            paras.append(self.sentence("official"))
        paras.append(closing)
        if sign:
            paras.append(sign)
        if r.random() < 0.3:
            paras.append(self.sentence("furniture"))
        text = "\n".join(head) + "\n" + "\n\n".join(paras) + "\n"
        if r.random() < TRADITIONAL_SHARE:
            text = _to_traditional(text)
        return text


@lru_cache(maxsize=1)
def _s2t() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("s2t").convert


def _to_traditional(text: str) -> str:
    return _s2t()(text)


def article(seed: int, index: int) -> tuple[str, str]:
    """Article ``index`` of corpus ``seed``: (file name, text). The name carries its text's hash."""
    text = _Article(seed, index).text()
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return f"{index:06d}_{digest}.txt", text


def generate(n: int, seed: int = 1, start: int = 0) -> Iterator[tuple[str, str]]:
    """Articles ``start`` … ``start + n - 1`` of corpus ``seed``, one at a time, as (name, text)."""
    for i in range(start, start + n):
        yield article(seed, i)


def write_corpus(out: Path, n: int, seed: int = 1, start: int = 0) -> tuple[int, int]:
    """Write ``n`` articles into ``out`` (created); return (articles, characters)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    chars = 0
    for name, text in generate(n, seed, start):
        with open(out / name, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        chars += len(text)
    return n, chars


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write N reproducible benchmark articles (UTF-8 .txt) into OUT.")
    ap.add_argument("--n", type=int, required=True, help="how many articles")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (same seed, same bytes)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write into (created)")
    ap.add_argument("--start", type=int, default=0, help="index of the first article (default 0)")
    args = ap.parse_args(argv)
    world()  # the gazetteer, loaded once (not part of the rate below)
    t0 = time.perf_counter()
    n, chars = write_corpus(args.out, args.n, args.seed, args.start)
    dt = time.perf_counter() - t0
    print(f"wrote {n} articles, {chars:,} characters (mean {chars / max(n, 1):,.0f}) to {args.out} "
          f"in {dt:.2f} s: {n / dt:,.0f} articles/s, {chars / dt / 1e6:.1f} M chars/s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
