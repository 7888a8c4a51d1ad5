"""Normalising: garbled scraped text becomes clean simplified text, with exact offsets back."""

from __future__ import annotations

from graph.normalise import normalise
from graph.pipeline import make_document


def _check_offsets(raw: str, text: str, offsets) -> None:
    assert len(offsets) == len(text) + 1
    assert list(offsets) == sorted(offsets)


def test_pinyin_in_parentheses_is_removed():
    raw = "決戰(zhàn)脫貧攻堅,淇濱區(qū)黎陽路街道"
    text, off = normalise(raw)
    assert text == "决战脱贫攻坚,淇滨区黎阳路街道"
    _check_offsets(raw, text, off)
    i = text.index("淇滨区")
    assert raw[off[i]:off[i + 2] + 1] == "淇濱區"


def test_parenthesised_words_that_are_not_pinyin_stay():
    text, _ = normalise("基层公共服务(一门式)全覆盖,投资少(short)")
    assert "(一门式)" in text and "(short)" in text


def test_runs_of_question_marks_separate_words():
    text, _ = normalise("????□本報記者?郭戈?攝\n????富美鶴城")
    assert text.startswith("    □本报记者?郭戈?摄")
    assert "\n    富美鹤城" in text


def test_shifted_gbk_punctuation_is_repaired():
    # '。”鶴' in GBK is A1A3 A1B1 FA51; scraped with one byte lost and one high bit dropped it reads '?!柄Q'
    raw = "提升?!柄Q壁市委書記馬富國表示"
    text, off = normalise(raw)
    assert "鹤壁市委书记马富国" in text
    i = text.index("鹤壁市")
    assert raw[off[i]:off[i + 2] + 1] == "柄Q壁市"


def test_capital_letters_in_ordinary_text_are_not_repaired():
    text, _ = normalise("A股B股和5G基站")
    assert text == "A股B股和5G基站"


def test_full_width_digits_and_percent():
    text, off = normalise("增长１２．８％，达到３００万元")
    assert text == "增长12.8%,达到300万元"
    assert len(off) == len(text) + 1


def test_evidence_is_quoted_from_the_original():
    raw = "鶴壁市18130戶54156名建檔立卡貧困人口全部脫貧。"
    doc = make_document(raw, name="t.txt")
    i = doc.text.index("18130")
    assert doc.quote(i, i + 6) == "18130戶"
    assert doc.evidence(i, i + 6) == raw
