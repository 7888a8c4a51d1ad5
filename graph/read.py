"""Stage 1, read: find article files, decode their bytes, and pull text out of HTML.

Encodings are detected, not assumed. A byte-order mark decides first; then strict UTF-8; then
UTF-16 without a mark; then GB18030 and Big5 compete, and the decoding whose characters are more
often among the common Chinese characters (``data/lexicon/common_chars.txt``) wins. Anything that
is not an article (empty, binary, no Chinese) raises :class:`ReadError` naming the file and the
reason, so the caller can report it and go on.

>>> decode("株洲市".encode("gb18030"))[1]
'gb18030'
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from .resources import data_path

#: file suffixes read as articles when a folder is given
ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ""}
#: no newspaper article is this long; a bigger file is refused (processing 50 MB took a 9.7 GB peak)
MAX_BYTES = 8 * 1024 * 1024

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


class ReadError(Exception):
    """An input that cannot be read as an article; ``str()`` names the file and the reason."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class RawArticle:
    """An article as read: the decoded original text and where it came from."""

    path: str
    name: str  # file name: the article's dcterms:identifier
    text: str  # decoded original text; every offset in xkg points into this string
    encoding: str
    sha1: str  # of the decoded text, so one article in two encodings is one article


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    lines = data_path("lexicon", "common_chars.txt").read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line for line in lines if not line.startswith("#")))


#: Chinese and full-width punctuation: what the non-CJK, non-ASCII characters of an article are
_CN_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef\u2010-\u206f\u00b7]")
#: control characters (not tab, line feed, form feed, carriage return): a sign of a wrong decoding
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _chinese_score(text: str) -> float:
    """How much a decoding looks like Chinese: the share of its non-ASCII characters that are
    common characters (traditional ones converted) or Chinese punctuation, control characters
    counting against it. A wrong decoding gives rare characters, other scripts (Hangul, Yi,
    Latin letters with accents) and controls, so it scores low even when most of it is CJK."""
    from .normalise import to_simplified

    sample = text[:50000]
    non_ascii = [c for c in sample if c > "\x7f"]
    if not non_ascii:
        return 0.0
    cjk = "".join(c for c in non_ascii if "\u4e00" <= c <= "\u9fff")
    common = common_chars()
    good = sum(ch in common for ch in to_simplified(cjk)) + sum(1 for c in non_ascii if _CN_PUNCT.match(c))
    return min(1.0, good / (len(non_ascii) + len(_CONTROL.findall(sample))))


def _utf16_guess(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    # ASCII-heavy UTF-16 has NULs in one lane; Chinese UTF-16 has none, so also try it when
    # the bytes are not UTF-8 and decode cleanly as UTF-16 into CJK.
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode article bytes; return ``(text, encoding)`` or raise :class:`ReadError`."""
    if not data.strip():
        raise ReadError(path, "empty file")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ReadError(path, f"binary file ({what}), not an article")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                     (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise ReadError(path, f"has a {enc} byte-order mark but is not valid {enc}: {e.reason}") from e
    utf16 = _utf16_guess(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        # a file cut inside its last character is still UTF-8 (when what comes before is UTF-8
        # beyond ASCII; otherwise the last bytes are as likely one GB18030 character)
        if e.reason == "unexpected end of data" and not data[: e.start].isascii():
            return data[: e.start].decode("utf-8"), "utf-8"
    candidates: list[tuple[float, int, str, str]] = []
    for rank, enc in enumerate(("gb18030", "big5", "utf-16-le", "utf-16-be")):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_chinese_score(text), -rank, text, enc))
    if b"\x00" in data[:4096] and not candidates:
        raise ReadError(path, "binary file (contains NUL bytes), not an article")
    if candidates:
        score, _, text, enc = max(candidates)
        if score > 0.5 or enc == "gb18030":
            return text, enc
    # mostly UTF-8 with a few bad bytes (a damaged download): keep what can be read
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= max(3, len(text) // 200):
        return text, "utf-8"
    raise ReadError(path, "cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text")


class _TextOfHTML(HTMLParser):
    BLOCK: ClassVar[set[str]] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section",
             "article", "header", "footer", "table", "ul", "ol", "blockquote", "pre"}
    SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_HTML_HINT = re.compile(r"<(!doctype html|html|body|p|div|meta|head)[\s>]", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:4096]))


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block per line."""
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip() + "\n"


def read_bytes(data: bytes, path: str | os.PathLike[str], name: str | None = None) -> RawArticle:
    """Decode one article's bytes (HTML pages give their text)."""
    path = str(path)
    text, encoding = decode(data, path)
    if looks_like_html(text):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _CJK.search(text):
        raise ReadError(path, "no Chinese text in the file")
    sha1 = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return RawArticle(path=path, name=name or Path(path).name, text=text, encoding=encoding, sha1=sha1)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def read_article(path: str | os.PathLike[str]) -> RawArticle:
    """Read one article file; raise :class:`ReadError` for anything that is not one."""
    p = Path(path)
    try:
        if p.is_symlink() and not p.exists():
            raise ReadError(p, "broken symbolic link")
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(p, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            # opening a named pipe waits for a writer forever; a device (/dev/zero) never ends
            raise ReadError(p, f"not a regular file ({_special_kind(st.st_mode)})")
        if st.st_size > MAX_BYTES:
            raise ReadError(p, f"too large ({st.st_size / 2**20:.0f} MB > {MAX_BYTES // 2**20} MB)")
        with open(p, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)  # a file still growing is cut off here, not read forever
        if len(data) > MAX_BYTES:
            raise ReadError(p, f"too large (more than {MAX_BYTES // 2**20} MB)")
    except PermissionError as e:
        raise ReadError(p, "permission denied") from e
    except FileNotFoundError as e:
        raise ReadError(p, "no such file") from e
    except IsADirectoryError as e:
        raise ReadError(p, "is a folder, not a file") from e
    except OSError as e:
        raise ReadError(p, f"cannot read: {e.strerror or e}") from e
    return read_bytes(data, p)


def iter_sources(sources: Iterable[str | os.PathLike[str]], ignored: list[Path] | None = None) -> Iterator[Path]:
    """Article paths under the given files and folders: folders recursively, sorted, each once.

    Hidden files and folders are skipped; so are files in folders whose suffix is not an article's
    (``.png``, ``.json``): they are added to ``ignored`` when a list is given. Files given
    explicitly are always returned (so a bad one is reported, not silently dropped).
    """
    seen: set[str] = set()
    for source in sources:
        p = Path(source)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    fp = Path(root, f)
                    if not f.startswith(".") and fp.suffix.lower() in ARTICLE_SUFFIXES:
                        found.append(fp)
                    elif ignored is not None and not f.startswith("."):
                        ignored.append(fp)
            paths = sorted(found)
        else:
            paths = [p]
        for fp in paths:
            key = os.path.normpath(os.path.abspath(fp))
            if key not in seen:
                seen.add(key)
                yield fp
