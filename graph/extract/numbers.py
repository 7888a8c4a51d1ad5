"""Reading numbers as Chinese newspapers write them.

>>> parse_number("15.8万")
Decimal('158000')
>>> parse_number("3003.13亿")
Decimal('300313000000')
>>> parse_number("一万二千")
Decimal('12000')
>>> parse_number("两万")
Decimal('20000')
>>> parse_number("1,562")
Decimal('1562')
>>> parse_number("三十五")
Decimal('35')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE = {"万": 10_000, "亿": 100_000_000}
CN_NUM_CHARS = "".join(DIGITS) + "".join(SMALL) + "".join(LARGE)
#: no written quantity is longer; a longer run of numerals (〇〇〇… as a rule line) is not a number
MAX_CHARS = 40

#: a number as written: Arabic (with thousands commas and decimals) or Chinese numerals, then 万/亿
NUMBER = re.compile(
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万亿|亿|万|千|百)?"
    rf"|[{CN_NUM_CHARS}]+"
)


def _cn_section(s: str) -> int | None:
    """Value of a Chinese numeral below 10,000 (十二, 三百零五, 千)."""
    total, digit = 0, None
    for ch in s:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL:
            total += (1 if digit is None else digit) * SMALL[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _cn_to_int(s: str) -> int | None:
    total = 0
    for unit_char in ("亿", "万"):
        if unit_char in s:
            head, s = s.split(unit_char, 1)
            value = _cn_to_int(head) if head else 1
            if value is None:
                return None
            total += value * LARGE[unit_char]
    if s:
        # 一万二 = 12000: a bare trailing digit after 万/千 scales down one step
        if total and len(s) == 1 and s in DIGITS:
            return total + DIGITS[s] * (LARGE["万"] // 10 if total % LARGE["万"] == 0 else 1)
        section = _cn_section(s)
        if section is None:
            return None
        if s.endswith(tuple(SMALL)) is False and len(s) >= 2 and all(c in DIGITS for c in s):
            # digits read one by one (二〇一九) are a code or a year, not a quantity
            section = int("".join(str(DIGITS[c]) for c in s))
        total += section
    return total


def parse_number(text: str) -> Decimal | None:
    """The value of a written number with 万/亿 applied, or None when it is not one."""
    text = text.replace(",", "").strip()
    if not text or len(text) > MAX_CHARS:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(万亿|亿|万|千|百)?", text)
    if m:
        try:
            value = Decimal(m.group(1))
        except InvalidOperation:
            return None
        mult = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2, None: 1}[m.group(2)]
        return _plain(value * mult)
    if all(c in CN_NUM_CHARS for c in text):
        value = _cn_to_int(text)
        return None if value is None else Decimal(value)
    # mixed: 1.2万亿 handled above; 3万5千 and the like
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([万亿])(.+)", text)
    if m:
        rest = parse_number(m.group(3))
        head = parse_number(m.group(1) + m.group(2))
        # the rest counts below the head's unit (3万5千); 1万1万 is not a number
        if rest is not None and head is not None and rest < LARGE[m.group(2)]:
            return _plain(head + rest)
    return None


def _plain(d: Decimal) -> Decimal:
    """Drop a trailing ``.0``/exponent so equal values print equally (158000, not 1.58E+5)."""
    if d == d.to_integral_value():
        return Decimal(int(d))
    return d.normalize()
