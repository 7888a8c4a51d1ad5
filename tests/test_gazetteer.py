"""The national gazetteer (graph.gazetteer) over the shipped data/gazetteer/ files."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from graph.gazetteer import LEVELS, Division, Gazetteer, load_gazetteer, short_form

ETHNIC = ("土家族", "苗族", "维吾尔族", "壮族", "回族", "蒙古族", "东乡族", "鄂伦春族", "达斡尔族")


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return load_gazetteer()


def one(gz: Gazetteer, name: str, **where: object) -> Division:
    hits = [d for d in gz.lookup(name) if all(getattr(d, k) == v for k, v in where.items())]
    assert len(hits) == 1, (name, where, hits)
    return hits[0]


def test_counts_per_level(gz: Gazetteer) -> None:
    counts = Counter(d.level for d in gz)
    assert counts["Country"] == 1
    assert 31 <= counts["Province"] <= 34
    assert 330 <= counts["City"] <= 340
    assert 2800 <= counts["District"] <= 2900
    assert 38000 <= counts["Town"] <= 40000
    assert set(counts) <= set(LEVELS)
    assert len(gz) == sum(counts.values())


def test_every_parent_exists_and_ancestors_end_at_china(gz: Gazetteer) -> None:
    for d in gz:
        if d.code == "CN":
            assert d.parent is None
            continue
        parent = gz.get(d.parent or "")
        assert parent is not None, d
        assert LEVELS.index(parent.level) < LEVELS.index(d.level), d
    for d in gz.historical():
        assert gz.ancestors(d.code)[-1].code == "CN", d


def test_lukou_and_historical_zhuzhou_county(gz: Gazetteer) -> None:
    lukou = one(gz, "渌口区", historical=False)
    assert lukou.code == "430212"
    assert gz.parent(lukou.code).name == "株洲市"
    county = one(gz, "株洲县")
    assert county.historical and county.code == "430221"
    assert county.successor == "430212"
    assert gz.get("430221") == county
    assert gz.get(county.successor) == lukou
    # the short form 株洲 is the city first, then the former county
    assert [d.name for d in gz.lookup("株洲")] == ["株洲市", "株洲县"]


def test_short_forms(gz: Gazetteer) -> None:
    expect = {
        "株洲市": "株洲",
        "芦淞区": "芦淞",
        "湘西土家族苗族自治州": "湘西",
        "广西壮族自治区": "广西",
        "内蒙古自治区": "内蒙古",
        "宁夏回族自治区": "宁夏",
        "新疆维吾尔自治区": "新疆",
        "恩施土家族苗族自治州": "恩施",
        "长阳土家族自治县": "长阳",
        "神农架林区": "神农架",
        "浦东新区": "浦东",
        "管城回族区": "管城",
    }
    for full, short in expect.items():
        d = one(gz, full, historical=False)
        assert gz.short_forms(d) == [short], full
    assert gz.short_forms(one(gz, "攸县")) == []
    assert gz.short_forms(one(gz, "东乡族自治县")) == []
    assert gz.short_forms(one(gz, "白关镇", parent="430203")) == []
    assert all(len(s) >= 2 for d in gz for s in gz.short_forms(d))


def test_short_form_rule_without_data() -> None:
    from graph.gazetteer import ethnic_tokens

    tokens = ethnic_tokens(ETHNIC)
    assert short_form("湘西土家族苗族自治州", "City", tokens) == "湘西"
    assert short_form("莫力达瓦达斡尔族自治旗", "District", tokens) == "莫力达瓦"
    assert short_form("鄂伦春自治旗", "District", tokens) is None
    assert short_form("攸县", "District", tokens) is None
    assert short_form("白关镇", "Town", tokens) is None


def test_xiangxi_short_form_resolves(gz: Gazetteer) -> None:
    hits = gz.lookup("湘西")
    assert hits and hits[0].name == "湘西土家族苗族自治州"
    assert hits[0].level == "City" and hits[0].code == "433100"


def test_gulou_is_ambiguous_across_cities(gz: Gazetteer) -> None:
    hits = [d for d in gz.lookup("鼓楼区") if not d.historical]
    assert len(hits) >= 3
    cities = {gz.city_of(d.code).name for d in hits}
    assert {"南京市", "福州市", "徐州市"} <= cities
    assert len(cities) == len(hits)


def test_chaoyang_district_and_city_are_distinct(gz: Gazetteer) -> None:
    districts = {d.code for d in gz.lookup("朝阳区")}
    cities = {d.code for d in gz.lookup("朝阳市")}
    assert "110105" in districts and "211300" in cities
    assert not districts & cities
    assert gz.get("211300").level == "City"
    assert {"110105", "211300"} <= {d.code for d in gz.lookup("朝阳")}


def test_township_chain_ends_at_china(gz: Gazetteer) -> None:
    town = one(gz, "白关镇", parent="430203")
    chain = [d.name for d in gz.ancestors(town.code)]
    assert chain == ["芦淞区", "株洲市", "湖南省", "中国"]
    assert gz.province_of(town.code).code == "430000"
    assert gz.city_of(town.code).code == "430200"
    assert gz.is_within(town.code, "430200") and not gz.is_within(town.code, "440000")


def test_bai_guan_is_a_town_not_a_subdistrict(gz: Gazetteer) -> None:
    # the 2025-12-31 table has 白关镇 (430203100); there is no 白关街道
    assert gz.get("430203100").name == "白关镇"
    assert gz.lookup("白关街道") == []
    assert gz.get("430203100") in gz.children("430203")


def test_municipality_districts_hang_under_the_municipality(gz: Gazetteer) -> None:
    for code in ("110000", "120000", "310000", "500000"):
        kids = gz.children(code)
        assert kids and all(k.level == "District" and k.parent == code for k in kids)
    assert gz.parent("110105").code == "110000"
    assert gz.city_of("110105").name == "北京市"  # no prefecture level: the municipality itself
    assert gz.get("110100") is None  # no virtual 市辖区 row


def test_province_administered_county_units(gz: Gazetteer) -> None:
    xiantao = one(gz, "仙桃市")
    assert xiantao.level == "District" and gz.parent(xiantao.code).name == "湖北省"
    assert one(gz, "济源市").parent == "410000"
    assert one(gz, "神农架林区").parent == "420000"
    assert gz.city_of(xiantao.code) is None


def test_cities_without_districts_own_their_townships(gz: Gazetteer) -> None:
    for name in ("东莞市", "中山市", "儋州市", "嘉峪关市"):
        city = one(gz, name, historical=False)
        kids = gz.children(city.code)
        assert kids and all(k.level == "Town" for k in kids), name


def test_historical_code_reuse_and_renames(gz: Gazetteer) -> None:
    # 北区 (株洲) was renamed 芦淞区 in 1997 and kept its code: the historical entry is keyed code@year
    old = next(d for d in gz.lookup("北区") if d.code.startswith("430203"))
    assert old.code == "430203@1997" and old.historical and old.successor == "430203"
    assert gz.get("430203").name == "芦淞区"
    assert gz.get("430203@1997") == old
    xf = one(gz, "襄樊市")
    assert xf.historical and gz.get(xf.successor).name == "襄阳市"
    assert xf in gz.lookup("襄樊")
    # current before historical
    hits = gz.lookup("巢湖市")
    assert [d.historical for d in hits] == sorted(d.historical for d in hits)


def test_names_and_get_normalisation(gz: Gazetteer) -> None:
    names = set(gz.names())
    assert {"湘西", "株洲县", "渌口区", "白关镇", "襄樊"} <= names
    assert gz.get("430212000000").code == "430212"
    assert gz.get("430203100000").code == "430203100"
    assert gz.get("999999") is None
    assert gz.ancestors("999999") == [] and gz.children("999999") == []


def test_load_is_cached_and_fast() -> None:
    assert load_gazetteer() is load_gazetteer()
    folder = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
    start = time.perf_counter()
    fresh = load_gazetteer.__wrapped__(folder)
    elapsed = time.perf_counter() - start
    assert len(fresh) > 40000
    assert elapsed < 2.0  # ~0.2 s on the project machine; generous for CI noise
