"""Extraction rules on sentences made for the tests (other provinces, other names)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graph.extract.numbers import parse_number
from graph.pipeline import make_document, process


def run(text: str, name: str = "t.txt"):
    return process(make_document(text, name=name))


def places(doc):
    return {(doc.places[m.key].name, doc.places[m.key].level,
             doc.places[doc.places[m.key].parent].name if doc.places[m.key].parent in doc.places else None)
            for m in doc.place_mentions}


def posts(doc):
    return {(o.name, p.title, doc.places[p.jurisdiction].name if p.jurisdiction in doc.places else None, p.org)
            for o in doc.officials for p in o.posts}


def outcomes(doc):
    return [(o.value, o.unit) for o in doc.outcomes]


# -- places ---------------------------------------------------------------------------------
def test_chain_gives_linked_places():
    doc = run("四川省成都市郫都区唐昌街道战旗村村民收入增加。")
    got = places(doc)
    assert ("四川省", "Province", "中国") in got
    assert ("成都市", "City", "四川省") in got
    assert ("郫都区", "District", "成都市") in got
    assert ("唐昌街道", "Town", "郫都区") in got
    assert ("战旗村", "Village", "唐昌街道") in got


def test_short_forms_and_autonomous_prefecture():
    doc = run("恩施土家族苗族自治州来凤县脱贫。恩施与宜昌一道实现小康。")
    names = {n for n, _, _ in places(doc)}
    assert {"恩施土家族苗族自治州", "来凤县", "宜昌市"} <= names


def test_ambiguous_district_is_settled_by_context_or_dropped():
    doc = run("江苏省南京市鼓楼区推进老旧小区改造。鼓楼区新增停车位。")
    assert ("鼓楼区", "District", "南京市") in places(doc)
    doc = run("鼓楼区新增停车位。")  # no context: several 鼓楼区 in China, say nothing
    assert not any(n == "鼓楼区" for n, _, _ in places(doc))


def test_roads_rivers_and_common_words_are_not_places():
    doc = run("福建省泉州市丰泽区东湖街道沿中山路开展合作,资源共享。")
    names = {n for n, _, _ in places(doc)}
    assert "东湖街道" in names
    assert not names & {"中山市", "合作市", "资源县"}


def test_traditional_place_names():
    doc = run("廣東省廣州市越秀區北京街道推進改造。")
    names = {n for n, _, _ in places(doc)}
    assert {"广东省", "广州市", "越秀区", "北京街道"} <= names


# -- officials ------------------------------------------------------------------------------
def test_two_posts_one_person_and_department_posts():
    doc = run("江西省赣州市章贡区委副书记、区长刘志明表示,要做好民生工作。"
              "赣州市住建局城建科科长钟伟华介绍了情况。")
    got = posts(doc)
    assert ("刘志明", "区委副书记", "章贡区", None) in got
    assert ("刘志明", "区长", "章贡区", None) in got
    assert ("钟伟华", "科长", "赣州市", "赣州市住建局城建科") in got


def test_untitled_party_post_takes_the_papers_province():
    doc = run("赣南日报记者 黄小明\n省委书记林建国在瑞金市调研。")
    assert ("林建国", "省委书记", "江西省", None) in posts(doc)
    assert "黄小明" not in {o.name for o in doc.officials}
    assert ("黄小明", "reporter") in {(j.name, j.role) for j in doc.journalists}


def test_deputy_heads_without_a_place_take_the_level_their_title_names():
    doc = run("山东日报 2022年5月6日\n临沂市费县召开春耕生产会议。副县长孟海波出席会议并讲话。"
              "市政府副市长崔明亮、副省长周立新先后到田间调研。")
    got = posts(doc)
    assert ("孟海波", "副县长", "费县", None) in got
    assert ("崔明亮", "副市长", "临沂市", None) in got
    assert ("周立新", "副省长", "山东省", None) in got
    assert not {o.name for o in run("副书记吴建平出席会议。副局长陈晓东出席会议。").officials}


def test_words_that_refer_to_a_village_place_its_figures_there():
    doc = run("浙江省丽水市莲都区老竹畲族镇黄桥村党支部书记雷志华说,村里去年户均增收6000元。"
              "全州农民人均可支配收入达到1.2万元。")
    [village, region] = doc.outcomes
    assert doc.places[village.place].name == "黄桥村" and village.indicator == "户均增收"
    assert region.indicator == "农民人均可支配收入"


def test_villages_and_communities_named_before_their_own_post():
    doc = run("福建日报 2022年6月1日\n三明市沙县区召开会议。\n青山社区党委书记林秀英说,社区今年开展活动200余场次。"
              "记者从溪口村党支部书记陈大山处了解到,全村已脱贫。夏茂镇党工委书记黄志坚出席。"
              "市派驻村第一书记吴强说,城乡社区党委书记培训班已开班。")
    got = places(doc)
    assert ("青山社区", "Village", None) in got and ("溪口村", "Village", None) in got
    assert not any(name in ("市派驻村", "城乡社区") for name, _, _ in got)
    assert {("林秀英", "社区党委书记", "青山社区", None), ("陈大山", "村党支部书记", "溪口村", None),
            ("黄志坚", "镇党工委书记", "夏茂镇", None)} <= posts(doc)
    assert (Decimal("200"), "场次") in outcomes(doc)


def test_two_character_names_before_words_of_saying():
    got = posts(run("大连市委副书记、市长陈伟在调研时强调。副市长张有为说,要抓好落实。"))
    assert ("陈伟", "市长", "大连市", None) in got and ("张有为", "副市长", "大连市", None) in got


def test_a_standing_committee_post_before_another_places_post_is_the_provinces():
    got = posts(run("河北日报 2021年4月2日\n省委常委、保定市委书记高建民在涿州市调研。"
                    "满城区委副书记、区长赵海涛陪同。"))
    assert {("高建民", "省委常委", "河北省", None), ("高建民", "市委书记", "保定市", None),
            ("赵海涛", "区委副书记", "满城区", None), ("赵海涛", "区长", "满城区", None)} <= got


def test_a_village_named_again_on_its_own_is_that_village():
    doc = run("江西日报 2022年8月3日\n赣州市于都县梓山镇潭头村党支部书记刘海林说,潭头村的蔬菜年销售额达到860万元。"
              "今年前7个月,全县蔬菜产值完成12亿元。")
    [village, county] = doc.outcomes  # 前7个月 is a duration, not a count
    assert doc.places[village.place].name == "潭头村" and village.indicator == "蔬菜年销售额"
    assert county.indicator == "蔬菜产值" and county.value == Decimal("1200000000")


def test_the_later_figure_of_a_change_shares_the_indicator():
    doc = run("湖北日报 2022年1月5日\n恩施州咸丰县高乐山镇白岩村集体经济收入从不足5万元增加到42.6万元。")
    assert [(o.value, o.indicator, o.previous) for o in doc.outcomes] == [
        (Decimal("50000"), "集体经济收入", None), (Decimal("426000"), "集体经济收入", Decimal("50000"))]


def test_numbers_inside_place_names_are_not_figures():
    doc = run("四川日报 2022年9月15日\n今年上半年,三台县粮食播种面积达到150.6万亩;农村居民人均可支配收入达到1.08万元。"
              "七台河市、九台区、五华区代表参加。")
    assert [(o.value, o.unit, o.date) for o in doc.outcomes] == [
        (Decimal("1506000"), "亩", "2022"), (Decimal("10800"), "元", "2022")]  # the date read across ;


def test_department_posts_joined_or_written_without_the_place():
    got = posts(run("安徽日报 2023年3月2日\n芜湖市召开会议。芜湖市农业农村局党组书记、局长方志刚介绍情况。"
                    "副市长、市公安局局长汪海洋,市政府党组成员程丽出席。出席会议的市教育局局长讲话。"))
    assert {("方志刚", "党组书记", "芜湖市", "芜湖市农业农村局"), ("方志刚", "局长", "芜湖市", "芜湖市农业农村局"),
            ("汪海洋", "副市长", "芜湖市", None), ("汪海洋", "局长", "芜湖市", "市公安局"),
            ("程丽", "党组成员", "芜湖市", "市政府")} <= got
    assert len(got) == 5


def test_places_listed_before_fenbie_each_take_their_figure():
    doc = run("广西日报 2023年1月16日\n柳州市召开会议。市长张文军代表市人民政府作报告。"
              "鹿寨县、融安县和三江侗族自治县分别新增龙头企业5家、3家和4家。全年城镇登记失业率控制在3.5%以内。"
              "鱼峰区区长覃建明列席会议。")
    assert [(o.value, o.indicator, doc.places[o.place].name) for o in doc.outcomes] == [
        (Decimal("5"), "新增龙头企业", "鹿寨县"), (Decimal("3"), "新增龙头企业", "融安县"),
        (Decimal("4"), "新增龙头企业", "三江侗族自治县"), (Decimal("3.5"), "城镇登记失业率", "柳州市")]
    assert {("张文军", "市长", "柳州市", None), ("覃建明", "区长", "鱼峰区", None)} <= posts(doc)


def test_classes_of_projects_quarters_and_a_secretary_general():
    doc = run("湖北日报 2022年11月20日\n宜昌市今年一季度新签约亿元以上项目218个,约3000人就业。"
              "当阳市今年一季度新增市场主体560户。市委常委、秘书长欧阳志强出席。")
    assert [(o.value, o.indicator, o.qualifier) for o in doc.outcomes] == [
        (Decimal("218"), "新签约亿元以上项目", None), (Decimal("3000"), "就业", "approx"),
        (Decimal("560"), "新增市场主体", None)]
    assert ("欧阳志强", "秘书长", "宜昌市", None) in posts(doc)


def test_the_digits_of_a_term_are_not_a_figure():
    doc = run("云南日报 2023年4月11日\n元阳县先后建成5G基站86个。")
    assert [(o.value, o.indicator) for o in doc.outcomes] == [(Decimal("86"), "建成5G基站")]


def test_a_former_post_before_de_and_a_subdistrict_office():
    doc = run("陕西日报 2021年7月2日\n时任延川县文安驿镇梁家河村党支部书记的巩正明回忆说。"
              "宝塔区河庄坪街道办事处副主任高丽娟介绍,街道今年建成冷链仓储库12座。")
    got = {(o.name, p.title, doc.places[p.jurisdiction].name, p.former) for o in doc.officials for p in o.posts}
    assert ("巩正明", "村党支部书记", "梁家河村", True) in got
    assert ("高丽娟", "副主任", "河庄坪街道", False) in got
    assert [o.indicator for o in doc.outcomes] == ["建成冷链仓储库"]


def test_a_village_after_its_county_and_a_county_after_a_short_prefecture():
    doc = run("浙江日报 2022年3月1日\n嘉兴市召开会议。遵义市播州区合坪村集体经济收入达到68.2万元。"
              "播州区共完成农村危房改造300户。恩施州咸丰县高乐山镇白岩村建成茶园2000亩。")
    got = places(doc)
    assert ("合坪村", "Village", None) in got and not any(n.endswith("农村") for n, _, _ in got)
    assert {("咸丰县", "District", "恩施土家族苗族自治州"), ("白岩村", "Village", "高乐山镇")} <= got
    assert [doc.places[o.place].name for o in doc.outcomes] == ["合坪村", "播州区", "白岩村"]


def test_a_page_without_line_breaks_keeps_its_results():
    # a scraped page on one line: the plan cues of one sentence do not make the whole page a plan
    para = ("2022年,全县新增城镇就业4280人,完成植树造林1.2万亩。下一步,该县将力争新增就业5000人,"
            "确保完成造林2万亩。")
    one_line = run("福建日报 2023年1月5日\n宁化县召开会议。" + para * 30)
    assert len(one_line.outcomes) == 60 and {o.value for o in one_line.outcomes} == {Decimal("4280"),
                                                                                        Decimal("12000")}
    # a paragraph of plans keeps the results reported before its first plan sentence
    assert [o.value for o in run("福建日报 2023年1月5日\n宁化县召开会议。\n" + para).outcomes] == [
        Decimal("4280"), Decimal("12000")]


def test_dotted_names_and_a_regions_department():
    doc = run("新疆日报 2022年8月22日\n本报记者 艾克拜尔·吾拉木 阿依古丽\n"
              "喀什地区莎车县阿瓦提镇党委副书记、镇长买买提·艾力介绍,全镇种植棉花8.6万亩。"
              "自治区农业农村厅副厅长李晓峰在调研时指出。")
    assert [(j.name, j.role) for j in doc.journalists] == [("艾克拜尔·吾拉木", "reporter")]  # not 阿依古
    assert {("买买提·艾力", "镇长", "阿瓦提镇", None),
            ("李晓峰", "副厅长", "新疆维吾尔自治区", "自治区农业农村厅")} <= posts(doc)


def test_a_municipality_of_province_level_and_a_title_inside_a_word():
    doc = run("重庆日报 2023年6月8日\n巫山县曲尺乡柑园村的脆李园里,果农正忙。"
              "柑园村党支部书记周德华说,全村种植脆李3200亩。市农业农村委副主任刘家旺在调研时表示。")
    assert [n for n, _, _ in places(doc)].count("柑园村") == 1  # one village, named twice
    got = posts(doc)
    assert ("周德华", "村党支部书记", "柑园村", None) in got
    assert ("刘家旺", "副主任", "重庆市", "市农业农村委") in got  # not 村委副主任 of a village


def test_names_listed_after_one_title_all_hold_it():
    doc = run("安徽日报 2023年3月15日\n合肥市召开会议。副市长孙国强、王丽主持会议,张三、李四等参加。"
              "长丰草莓种植面积稳定在22万亩。")
    got = posts(doc)
    assert {("孙国强", "副市长", "合肥市", None), ("王丽", "副市长", "合肥市", None)} <= got and len(got) == 2
    assert [o.indicator for o in doc.outcomes] == ["草莓种植面积"]  # 长丰 is where


def test_a_rank_is_of_what_is_ranked():
    doc = run("湖南日报 2023年1月5日\n株洲市群众满意度位居全省第2名,综合排名全省第3名。")
    assert [(o.value, o.unit, o.indicator) for o in doc.outcomes] == [
        (Decimal("2"), "名次", "群众满意度"), (Decimal("3"), "名次", "综合排名")]


def test_byline_author_post():
    doc = run("狠抓落实\n\n周建华\n\n一、全面推进乡村振兴。全县脱贫1.2万人。\n\n(作者系安徽省金寨县委书记)\n")
    assert ("周建华", "县委书记", "金寨县", None) in posts(doc)
    assert doc.outcomes and doc.places[doc.outcomes[0].place].name == "金寨县"


def test_a_byline_post_is_evidenced_by_its_own_line_not_by_the_commentary():
    from graph.document import MAX_EVIDENCE
    from graph.rdf import post_evidence

    body = "".join(f"第{i}项工作稳步推进，群众满意度持续提升。" for i in range(1, 40))
    doc = run(f"狠抓落实\n\n周建华\n\n{body}\n\n(作者系安徽省金寨县委书记)\n")
    off = next(o for o in doc.officials if o.name == "周建华")
    assert post_evidence(doc, off, off.posts[0]) == "(作者系安徽省金寨县委书记)"
    # near each other, the quote runs from the name to the title
    doc = run("狠抓落实\n\n周建华\n\n一、全面推进乡村振兴。\n\n(作者系安徽省金寨县委书记)\n")
    off = next(o for o in doc.officials if o.name == "周建华")
    ev = post_evidence(doc, off, off.posts[0])
    assert ev.startswith("周建华") and ev.endswith("县委书记)") and len(ev) <= MAX_EVIDENCE


def test_posts_without_names_and_words_after_titles_are_not_officials():
    doc = run("成立了以市委书记任组长的领导小组。总书记强调:要抓好落实。")
    assert doc.officials == []


# -- numbers and outcomes -------------------------------------------------------------------
@pytest.mark.parametrize("written,value", [
    ("15.8万", "158000"), ("3003.13亿", "300313000000"), ("一万二千", "12000"), ("两万", "20000"),
    ("三十五", "35"), ("1,562", "1562"), ("0.37", "0.37"),
])
def test_numbers(written, value):
    assert parse_number(written) == Decimal(value)


def test_outcomes_with_units_multipliers_and_qualifiers():
    doc = run("2021年,全市新增就业1.1万户4.4万人,完成投资近5亿元,改造危房3000多套,贫困发生率降至0.5%,"
              "位列全省第3名。")
    got = outcomes(doc)
    assert (Decimal("11000"), "户") in got and (Decimal("44000"), "人") in got
    assert (Decimal("500000000"), "元") in got and (Decimal("3000"), "套") in got
    assert (Decimal("0.5"), "%") in got and (Decimal("3"), "名次") in got
    quals = {o.surface: o.qualifier for o in doc.outcomes}
    assert quals["5亿元"] == "approx" and quals["3000多套"] == "more_than"
    assert all(o.date == "2021" for o in doc.outcomes)


def test_people_counted_as_ming_are_people():
    doc = run("全县选派第一书记120名。")
    assert outcomes(doc) == [(Decimal("120"), "人")]


def test_targets_dates_phones_and_names_are_not_outcomes():
    doc = run("预计全年新增就业5000人。力争到2025年建成100个示范村。电话:0791-88886666。"
              "市委召开十二届三中全会。大力实施“民生200”工程。2020年12月1日召开会议。")
    assert doc.outcomes == []


def test_relative_dates_use_the_article_date():
    doc = run("2021年3月5日 星期五\n去年6月,该县新增企业120家。今年以来,新增就业800人。")
    got = {(o.value, o.date) for o in doc.outcomes}
    assert (Decimal("120"), "2020-06") in got and (Decimal("800"), "2021") in got


# -- initiatives ----------------------------------------------------------------------------
def test_quoted_initiatives_keep_their_type_word():
    doc = run("全市实施“五联五帮”工程,开展“百村千户”行动,推进“三治融合”基层治理新模式。"
              "印发《关于加快乡村振兴的实施意见》。")
    names = {i.name for i in doc.initiatives}
    assert {"五联五帮工程", "百村千户行动", "三治融合基层治理新模式", "关于加快乡村振兴的实施意见"} <= names


def test_after_yi_a_type_word_right_after_the_quote_ends_the_name():
    doc = run("吉安市以“三个一”机制破解基层治理难题,以“党建+”模式为抓手,以“主题月”补齐工作短板。")
    names = {i.name for i in doc.initiatives}
    assert {"三个一机制", "党建+模式"} <= names and not any("补齐" in n for n in names)


def test_metaphors_slogans_and_books_are_not_initiatives():
    doc = run("群众端上了“金饭碗”,实现“村美、民富、业兴”。《论语》有言。")
    assert doc.initiatives == []


def test_outcome_credited_to_initiative_in_its_paragraph():
    doc = run("贵州省遵义市开展“四在农家”行动,累计建成示范点120个。")
    out = next(o for o in doc.outcomes if o.unit == "个")
    assert out.initiative == "四在农家行动"
    assert doc.places[out.place].name == "遵义市"


def test_later_bare_mentions_are_the_same_official():
    doc = run("云南省曲靖市委书记段家兴表示,要抓好产业。段家兴说,群众满意是标准。")
    assert len(doc.officials) == 1
    off = doc.officials[0]
    assert off.name == "段家兴" and len(off.mentions) == 1
    assert doc.text[off.mentions[0][0]:off.mentions[0][1]] == "段家兴"


def test_respective_lists_give_each_figure_its_indicator():
    doc = run("山东省潍坊市森林覆盖率、城市绿地率分别达到31.5%、40.2%。")
    assert [(str(o.value), o.indicator) for o in doc.outcomes] == [("31.5", "森林覆盖率"), ("40.2", "城市绿地率")]


def test_departments_are_not_townships():
    doc = run("湖北省宜昌市夷陵区住房和城乡建设局局长陈红卫介绍。")
    assert not any(doc.places[m.key].level == "Town" for m in doc.place_mentions)
    assert ("陈红卫", "局长", "夷陵区", "夷陵区住房和城乡建设局") in posts(doc)


def test_before_after_pairs_keep_the_earlier_value():
    doc = run("陕西省延安市贫困发生率由2015年的12.5%降至0.6%。")
    later = next(o for o in doc.outcomes if o.value == Decimal("0.6"))
    assert later.previous == Decimal("12.5") and later.unit == "%"
    earlier = next(o for o in doc.outcomes if o.value == Decimal("12.5"))
    assert earlier.date == "2015"


def test_percent_in_words_and_tenths():
    doc = run("全县百分之三十五的农户加入合作社,三成劳动力就地就业。")
    assert [(o.value, o.unit) for o in doc.outcomes] == [(Decimal("35"), "%"), (Decimal("30"), "%")]


def test_figures_in_a_row_each_get_the_words_after_them():
    doc = run("累计8150户26430人实现脱贫。")
    assert [(o.value, o.unit, o.indicator) for o in doc.outcomes] == [
        (Decimal("8150"), "户", "实现脱贫"), (Decimal("26430"), "人", "实现脱贫")]


def test_villages_named_on_their_own():
    doc = run("居民可以向所属东风社区提出申请。记者走进桃花村,看到新房。帮扶干部走进贫困村了解情况。")
    got = {(doc.places[m.key].name, doc.places[m.key].level) for m in doc.place_mentions}
    assert ("东风社区", "Village") in got and ("桃花村", "Village") in got
    assert not any(name == "贫困村" for name, _ in got)
