"""Properties that hold for any text, however garbled: hypothesis generates the articles.

The invariant tying offsets to evidence (checked for every place mention, official, post,
journalist, initiative and outcome the pipeline finds):

- **exact**: ``doc.quote(s, e)`` is the stretch of the original from the source of ``text[s]`` to
  that of ``text[e - 1]``; every character of the span comes from inside it, and every other
  character inside it is one normalisation removed (pinyin ``(zhàn)``, a lost GBK byte), never a
  character that belongs to text outside the span;
- **round trip**: normalising the quote on its own gives the span back,
  ``normalise(doc.quote(s, e))[0] == doc.text[s:e]``. The one exception is a span that starts on
  the second character of a repaired GBK pair (``!柄Q`` -> ``”鶴``: the repair needs the ``!``
  just before the quote); the quote widened back to that ``!`` then gives ``doc.text[s - 1:e]``;
- **in its evidence**: ``doc.quote(s, e)`` is a substring of ``doc.evidence(s, e)``.
"""

from __future__ import annotations

import codecs
import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graph.document import MAX_EVIDENCE, Document
from graph.extract.numbers import parse_number
from graph.normalise import normalise
from graph.pipeline import make_document, process
from graph.read import ReadError, common_chars, decode

SIMPLIFIED = "株洲市芦淞区委书记杨晓江表示全市贫困人口实现脱贫带动户增收鹤壁淇滨黎阳路街道工程行动计划模式县乡镇村"
TRADITIONAL = "鶴壁區縣鄉鎮貧困脫書記馬富國戶檔戰發展頭髮後來臺灣裡麵乾隆於著"
DIGITS = "0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万亿"
FULL_WIDTH = "％．，：；！？（）　＂"
PUNCT = "。，、；：！？“”‘’《》「」()（）…—-·.,:;!?%\"' \t"
PINYIN = "zhànqūshìjiéabcdeQ"
OTHER = "\n\r\ufffd\u3400𠀀Aé한"

#: pieces that make the extractors fire, so spans exist to check
FRAGMENTS = [
    "株洲市芦淞区委副书记、区长杨晓江表示", "湖南省株洲市炎陵县霞阳镇大源村", "鶴壁市淇濱區", "15.8万人", "2.35万户",
    "3003.13亿元", "１５．８萬人", "“民生100”工程", "“四跟四走”", "《关于分类指导的实施意见》", "实施乡村振兴战略",
    "推进棚户区改造", "戰(zhàn)", "區(qū)", "?jié)", "提升?!柄Q壁市", "????", "（作者系醴陵市委书记）",
    "株洲日报记者 王军", "郭戈 摄", "2018年8月,", "今年", "全市", "该区", "习近平总书记", "第一书记", "预计",
    "\r\n", "\n",
]

chars = st.sampled_from(SIMPLIFIED + TRADITIONAL + DIGITS + FULL_WIDTH + PUNCT + PINYIN + OTHER)
garbled = st.text(alphabet=chars, max_size=12)
articles = st.lists(st.one_of(st.sampled_from(FRAGMENTS), garbled), max_size=25).map("".join)
any_text = st.one_of(articles, st.text(max_size=60), st.text(alphabet=chars, max_size=80))

PROPS = settings(deadline=None, max_examples=250, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(any_text)
@example("")
@example("決戰(zhàn)脫貧?jié)")
@example("提升?!柄Q壁市")
def test_normalise_keeps_a_map_to_every_character(raw):
    text, offsets = normalise(raw)
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(raw)
    inner = list(offsets[:-1])
    assert all(0 <= o < len(raw) for o in inner)
    assert all(a < b for a, b in itertools.pairwise(inner))  # one original char per char, in order


def _spans(doc: Document) -> list[tuple[str, int, int]]:
    spans = [("place", m.start, m.end) for m in doc.place_mentions]
    spans += [("official", o.start, o.end) for o in doc.officials]
    spans += [("post", p.start, p.end) for o in doc.officials for p in o.posts]
    spans += [("journalist", j.start, j.end) for j in doc.journalists]
    spans += [("initiative", i.start, i.end) for i in doc.initiatives]
    spans += [("outcome", o.start, o.end) for o in doc.outcomes]
    return spans


def check_spans(doc: Document) -> None:
    """The offsets-to-evidence invariant of the module docstring, for every span found."""
    image = set(doc.offsets[:-1])
    for kind, s, e in _spans(doc):
        assert 0 <= s < e <= len(doc.text), (kind, s, e)
        rs, re_ = doc.raw_span(s, e)
        quote = doc.quote(s, e)
        assert quote == doc.raw[rs:re_]
        own = set(doc.offsets[s:e])
        assert all(rs <= o < re_ for o in own)
        assert all(i in own or i not in image for i in range(rs, re_)), (kind, quote)
        back = normalise(quote)[0]
        if back != doc.text[s:e]:
            assert s > 0, (kind, quote, doc.text[s:e])
            widened = doc.raw[doc.offsets[s - 1]:re_]
            assert normalise(widened)[0] == doc.text[s - 1:e], (kind, quote, doc.text[s:e])
        assert quote in doc.evidence(s, e), (kind, quote, doc.evidence(s, e))
    for m in doc.place_mentions:
        assert m.surface == doc.text[m.start:m.end]
    for o in doc.outcomes:
        assert o.surface == doc.text[o.start:o.end] and o.value >= 0
    for i in doc.initiatives:
        assert i.surface == doc.text[i.start:i.end]


@PROPS
@given(any_text)
@example("鶴壁市18130戶54156名建檔立卡貧困人口全部脫貧。提升?!柄Q壁市委書記馬富國表示")
@example("株洲日报\n全市" + "〇" * 4400 + "人脱贫。")  # a rule line of numerals: parse_number raised ValueError
def test_pipeline_never_raises_and_offsets_point_at_the_evidence(raw):
    doc = process(make_document(raw, name="h.txt"))
    check_spans(doc)


numerals = st.text(alphabet=st.sampled_from(list("0123456789零〇一二两三四五六七八九十百千万亿壹贰叁拾佰仟.,")),
                   max_size=30)
number_like = st.one_of(numerals, st.lists(st.sampled_from(["万亿", "1万", "3", ".5", "二〇一九"]), max_size=3000)
                        .map("".join))


@PROPS
@given(number_like)
@example("1万" * 2000)  # RecursionError before the fix
@example("二〇一九" * 2000)  # ValueError (int() of more than 4,300 digits) before the fix
def test_parse_number_is_none_or_a_non_negative_decimal(s):
    value = parse_number(s)
    assert value is None or (isinstance(value, Decimal) and value.is_finite() and value >= 0)


@pytest.mark.parametrize("s,value", [("3万5千", 35000), ("1亿2000万", 120000000), ("1万1万", None), ("1万" * 30, None)])
def test_mixed_numbers_count_down(s, value):
    assert parse_number(s) == (None if value is None else Decimal(value))


prefixes = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                            b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x00", "株洲".encode("gb18030")])


@PROPS
@given(prefixes, st.binary(max_size=300))
@example(b"", b"\xe6")
@example(codecs.BOM_UTF16_LE, b"\x00\xd8")  # a lone surrogate after a UTF-16 mark
def test_decode_raises_only_read_error(prefix, data):
    try:
        text, encoding = decode(prefix + data, "x.txt")
    except ReadError as e:
        assert str(e).startswith("x.txt: ") and e.reason
    else:
        assert isinstance(text, str) and encoding
        text.encode("utf-8")  # no lone surrogates: the text can be hashed and written


COMMON = sorted(common_chars())
filler = st.sampled_from(list("abc xyz 0123456789,.:-\n") + list("，。、“”：；（）"))
chinese = st.builds(lambda head, pairs: head + "".join(c + f for c, f in pairs), st.text(filler, max_size=6),
                    st.lists(st.tuples(st.sampled_from(COMMON), st.text(filler, max_size=3)), min_size=8, max_size=40))


@PROPS
@given(chinese, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "utf-16-le", "utf-16-be"]))
@example("5纳诞嘘伞循7:剂4婿-2景纳5捆腰0鎶7552", "gb18030")  # was taken for UTF-16-LE (score over CJK only)
@example("623閫烂鄙迅9麝汴娠5腕筛鹅.", "gb18030")  # was taken for UTF-16-BE
def test_text_with_some_chinese_decodes_to_itself(text, encoding):
    """Any encoding, as few as eight common characters among ASCII: decoded back exactly."""
    assert decode(text.encode(encoding))[0] == text


@pytest.mark.parametrize("text,encoding", [
    ("Page 1 姊", "gb18030"),  # ends E6 A2: was read as UTF-8 cut inside its last character, giving "Page 1 "
    ("悦", "utf-16-le"),  # A6 60: was read as UTF-8 cut short, giving ""
])
def test_short_texts_are_not_taken_for_truncated_utf8(text, encoding):
    assert decode(text.encode(encoding))[0] != ""
    if encoding == "gb18030":
        assert decode(text.encode(encoding))[0] == text


def test_evidence_of_a_sentence_without_end_is_bounded():
    """A page with no 。 was one sentence, quoted whole as every outcome's evidence: a 200 KB line
    gave a 1 GB graph.ttl. Now such evidence is the clauses around the fact."""
    raw = "株洲日报 " + "全市15.8万贫困人口实现脱贫," * 2000
    doc = process(make_document(raw, name="line.txt"))
    assert len(doc.outcomes) > 1000
    for o in doc.outcomes:
        ev = doc.evidence(o.start, o.end)
        assert len(ev) <= MAX_EVIDENCE + 2 and doc.quote(o.start, o.end) in ev
    mid = doc.outcomes[len(doc.outcomes) // 2]
    assert doc.evidence(mid.start, mid.end) == "全市15.8万贫困人口实现脱贫,"  # its clause, from break to break
