"""Stage 2, normalise: the text extractors read, with a map back to the original.

Every step keeps an offset map (normalised index -> original index), so each mention quotes the
article exactly as written. The steps, in order:

1. pinyin in parentheses after a character (``戰(zhàn)``, ``區(qū)``) is removed;
2. GBK punctuation whose lead byte lost its high bit is repaired: ``!柄Q`` is the bytes
   ``A1 B1 FA 51`` seen shifted by one, i.e. ``”鶴``;
3. runs of ``?`` (lost spaces or characters) become spaces, so they separate words;
4. full-width ASCII (digits, ``％``, ``，``) becomes half-width; U+3000 becomes a space;
5. traditional characters become simplified (OpenCC ``t2s``).

>>> doc_text, offsets = normalise("鶴壁市(shì)１５萬")
>>> doc_text
'鹤壁市15万'
>>> offsets[3]  # '1' was at index 8 of the original
8
"""

from __future__ import annotations

import operator
import re
from array import array
from functools import lru_cache

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
_NEUTRAL = {"de", "le", "me", "men", "zi", "ne", "ma", "ba", "ge", "li", "zhe", "shang", "xia", "tou"}
#: ``(zhàn)`` after a Chinese character, and ``?jié)`` where the ``(`` itself was lost
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])[(（]([a-z{_TONED}]{{1,6}})[)）]|\?([a-z{_TONED}]{{1,6}})\)")
_QMARKS = re.compile(r"\?{2,}|(?<=\n)\?|\?(?=\n)")
#: an ASCII char from a GBK punctuation lead byte (A1-A9) that lost its high bit, then a char, then ASCII
_SHIFTED = re.compile(r"[!-)]([\u4e00-\u9fff\u3400-\u4dbf])([@-~])")


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC t2s; a no-op on text that is already simplified."""
    return _opencc().convert(text)


class _Builder:
    """Accumulates output text with, for each output char, its index in the input."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.index: list[int] = []

    def copy(self, text: str, start: int, end: int) -> None:
        self.parts.append(text[start:end])
        self.index.extend(range(start, end))

    def put(self, chars: str, at: list[int]) -> None:
        self.parts.append(chars)
        self.index.extend(at)


def _compose(outer: list[int], inner: array | None) -> array:
    if inner is None:
        return array("l", outer)
    return array("l", (inner[i] for i in outer))


def _finish(b: _Builder, total: int, prev: array | None) -> tuple[str, array]:
    text = "".join(b.parts)
    return text, _compose([*b.index, total], prev)


def _strip_pinyin(text: str, prev: array | None) -> tuple[str, array | None]:
    if "(" not in text and "（" not in text and ")" not in text:
        return text, prev
    b, pos, hit = _Builder(), 0, False
    for m in _PINYIN.finditer(text):
        syl = m.group(1) or m.group(2)
        if not (any(c in _TONED for c in syl) or syl in _NEUTRAL):
            continue
        b.copy(text, pos, m.start())
        pos, hit = m.end(), True
    if not hit:
        return text, prev
    b.copy(text, pos, len(text))
    return _finish(b, len(text), prev)


def _repair_shifted_gbk(text: str, prev: array | None) -> tuple[str, array | None]:
    b, pos, hit = _Builder(), 0, False
    for m in _SHIFTED.finditer(text):
        try:
            mid = m.group(1).encode("gbk")
            fixed = bytes([ord(m.group(0)[0]) | 0x80, mid[0]]).decode("gbk") + bytes(
                [mid[1], ord(m.group(2))]).decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError, IndexError):
            continue
        if not ("\u3000" <= fixed[0] <= "\u303f" or "\u2010" <= fixed[0] <= "\u206f" or fixed[0] in "、。"):
            continue
        b.copy(text, pos, m.start())
        b.put(fixed, [m.start(), m.start() + 1])
        pos, hit = m.end(), True
    if not hit:
        return text, prev
    b.copy(text, pos, len(text))
    return _finish(b, len(text), prev)


_WIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
_WIDTH[0xFFFD] = 0x20  # U+FFFD REPLACEMENT CHARACTER: a lost character, treat as a gap


def normalise(raw: str) -> tuple[str, array]:
    """Return ``(text, offsets)``: ``offsets[i]`` is the index in ``raw`` of ``text[i]``.

    ``offsets`` has ``len(text) + 1`` entries; the last is ``len(raw)``, so a span
    ``text[s:e]`` quotes ``raw[offsets[s]:offsets[e-1] + 1]``.
    """
    text, offsets = _strip_pinyin(raw, None)
    text, offsets = _repair_shifted_gbk(text, offsets)
    # the remaining steps change characters one for one: the map is unchanged
    text = _QMARKS.sub(lambda m: " " * len(m.group(0)), text)
    text = text.translate(_WIDTH)
    simplified = to_simplified(text)
    if len(simplified) != len(text):  # a phrase rule changed length: convert line by line, then char by char
        lines = []
        for line in text.split("\n"):
            conv = to_simplified(line)
            lines.append(conv if len(conv) == len(line) else "".join(to_simplified(c)[:1] or c for c in line))
        simplified = "\n".join(lines)
    if offsets is None:
        offsets = array("l", range(len(raw) + 1))
    return simplified, offsets


_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def is_traditional(raw: str, simplified: str) -> bool:
    """True when t2s changed more than 2% of the Chinese characters (of the first 20,000
    characters: a sample tells the script).

    >>> is_traditional("戰略與發展", "战略与发展"), is_traditional("战略与发展", "战略与发展")
    (True, False)
    """
    # t2s maps a Chinese character to one Chinese character, so the two Chinese-only strings align
    a = _NOT_CJK.sub("", raw[:20000])
    b = _NOT_CJK.sub("", simplified[:20000])
    if not a or a == b:
        return False
    changed = sum(map(operator.ne, a, b))
    return changed / len(a) > 0.02
