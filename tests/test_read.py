"""Reading: encodings detected, not assumed; bad files named with a reason."""

from __future__ import annotations

import codecs

import pytest

from graph.read import ReadError, decode, iter_sources, read_article

TEXT = "鹤壁市18130户54156名建档立卡贫困人口全部脱贫,株洲市芦淞区委书记表示。\n"
TRAD = "鶴壁市18130戶54156名建檔立卡貧困人口全部脫貧,株洲市蘆淞區委書記表示。\n"


@pytest.mark.parametrize("encoding,text", [
    ("utf-8", TEXT), ("gb18030", TEXT), ("gbk", TEXT), ("big5", TRAD), ("gb18030", TRAD),
])
def test_encodings_are_detected(tmp_path, encoding, text):
    f = tmp_path / f"a-{encoding}.txt"
    f.write_bytes(text.encode(encoding))
    art = read_article(f)
    assert art.text == text
    assert art.encoding in ({"gbk": "gb18030"}.get(encoding, encoding),)


@pytest.mark.parametrize("bom,enc", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                     (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_byte_order_marks(tmp_path, bom, enc):
    f = tmp_path / "bom.txt"
    f.write_bytes(bom + TEXT.encode(enc))
    assert read_article(f).text == TEXT


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, enc):
    f = tmp_path / "u16.txt"
    f.write_bytes(("Title: test\n" + TEXT).encode(enc))
    assert read_article(f).text.endswith(TEXT)


def test_same_text_in_two_encodings_has_one_hash(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(TEXT.encode("utf-8"))
    b.write_bytes(TEXT.encode("gb18030"))
    assert read_article(a).sha1 == read_article(b).sha1


def test_truncated_utf8_is_still_utf8():
    data = TEXT.encode("utf-8")[:-2]  # cut inside the last character
    text, enc = decode(data)
    assert enc == "utf-8" and text.startswith("鹤壁市")


@pytest.mark.parametrize("content,reason", [
    (b"", "empty"), (b"   \n\t ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"%PDF-1.7\n...", "PDF"), (b"PK\x03\x04zip", "zip"), (b"hello world, no Chinese here\n", "no Chinese"),
])
def test_bad_files_are_named_with_a_reason(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(ReadError) as e:
        read_article(f)
    assert str(f) in str(e.value) and reason in str(e.value)


def test_html_pages_give_their_text(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><head><title>株洲</title><script>var x='芦淞区';</script></head>"
                 "<body><p>株洲市芦淞区&lt;新闻&gt;</p><p>第二段</p></body></html>", encoding="utf-8")
    text = read_article(f).text
    assert "株洲市芦淞区<新闻>" in text and "第二段" in text and "var x" not in text


def test_sources_recurse_sorted_and_once(tmp_path):
    (tmp_path / "b").mkdir()
    for p in ["b/2.txt", "1.txt", "b/.hidden.txt", "b/x.png"]:
        (tmp_path / p).write_text("株洲", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_sources([tmp_path, tmp_path / "1.txt"])]
    assert found == ["1.txt", "b/2.txt"]
