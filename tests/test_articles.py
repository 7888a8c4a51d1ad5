"""Whole articles written for the tests (made up, other provinces): every fact kind end to end."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from graph.pipeline import make_document, process
from graph.read import read_article

HERE = Path(__file__).resolve().parent / "articles"


def _doc(name: str):
    return process(make_document(read_article(HERE / name)))


def _facts(doc):
    name = lambda key: doc.places[key].name if key in doc.places else None  # noqa: E731
    places = {(doc.places[m.key].name, name(doc.places[m.key].parent)) for m in doc.place_mentions}
    posts = {(o.name, p.title, name(p.jurisdiction)) for o in doc.officials for p in o.posts}
    outcomes = {(o.value, o.unit, name(o.place)) for o in doc.outcomes}
    return places, posts, outcomes


def test_guizhou_article():
    doc = _doc("guizhou_made_up.txt")
    places, posts, outcomes = _facts(doc)
    assert doc.meta.newspaper == "贵州日报" and doc.meta.date == "2021-02-18"
    assert {("毕节市", "贵州省"), ("大方县", "毕节市"), ("石门乡", "威宁彝族回族苗族自治县"),
            ("新街村", "石门乡"), ("官寨苗族乡", "织金县")} <= places
    assert {("张集智", "市委副书记", "毕节市"), ("张集智", "市长", "毕节市"),
            ("张光荣", "村党支部书记", "新街村"), ("王德明", "乡党委书记", "官寨苗族乡")} <= posts
    assert {(Decimal("1840600"), "人", "毕节市"), (Decimal("42000"), "户", "大方县"),
            (Decimal("178000"), "人", "大方县"), (Decimal("86"), "公里", "官寨苗族乡"),
            (Decimal("360000000"), "元", "七星关区")} <= outcomes
    assert not any(v == Decimal("10000000000") for v, _, _ in outcomes)  # 力争…突破100亿元 is a target
    assert {i.name for i in doc.initiatives} >= {"四个一产业扶贫模式", "黔货出山行动", "千村万户工程"}
    assert ("杨光明", "reporter") in {(j.name, j.role) for j in doc.journalists}


def test_inner_mongolia_article():
    doc = _doc("neimenggu_made_up.txt")
    places, posts, outcomes = _facts(doc)
    assert {("达拉特旗", "鄂尔多斯市"), ("树林召镇", "达拉特旗"), ("王爱召村", "树林召镇"),
            ("昆都仑区", "包头市")} <= places
    assert {("赵怀宇", "旗委书记", "达拉特旗"), ("刘晓燕", "区委常委", "昆都仑区"),
            ("刘晓燕", "宣传部部长", "昆都仑区"), ("孟庆林", "副区长", "赛罕区")} <= posts
    assert {(Decimal("320000000"), "元", "达拉特旗"), (Decimal("120"), "个", "昆都仑区"),
            (Decimal("31"), "个", "内蒙古自治区"), (Decimal("2"), "名次", "鄂尔多斯市")} <= outcomes
    assert not any(u == "所" for _, u, _ in outcomes)  # 今年将新建改建学校5所 is a plan
    assert not {o.name for o in doc.officials} & {"巴特尔", "李红梅"}
