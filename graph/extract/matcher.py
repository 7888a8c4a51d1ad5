"""Fast dictionary matching: many literal words compiled into one trie-shaped regular expression.

Python's ``re`` tries alternatives one by one; shaped as a trie (``株洲(?:市|县)?``) the same
alternation is scanned in C at the speed of a single pattern, and greedy groups give the longest
word at each position.

>>> rx = trie_regex(["株洲", "株洲市", "湘潭"])
>>> [m.group() for m in rx.finditer("株洲市与湘潭")]
['株洲市', '湘潭']
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _to_pattern(node: dict) -> str:
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        branches.append(re.escape(ch) + _to_pattern(node[ch]))
    if not branches:
        return ""
    if len(branches) == 1 and not end:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if end else body


def trie_regex(words: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """One regex matching any of ``words``, longest first at each position."""
    root: dict = {}
    for w in words:
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    if not root:
        return re.compile(r"(?!x)x")
    return re.compile(_to_pattern(root), flags)


class DictMatcher:
    """Leftmost-longest dictionary matching for very large word lists (the gazetteer's 45,000 names).

    A trie regex of that size is slow in ``re`` (every first character is an alternative); here a
    character-class regex finds the positions where some word can start, and a dictionary keyed
    by the first two characters gives the candidates there, longest first.

    >>> m = DictMatcher(["株洲", "株洲市", "湘潭"])
    >>> list(m.finditer("株洲市与湘潭"))
    [(0, 3, '株洲市'), (4, 6, '湘潭')]
    """

    def __init__(self, words: Iterable[str]):
        index: dict[str, list[str]] = {}
        for w in set(words):
            if len(w) >= 2:
                index.setdefault(w[:2], []).append(w)
        for cands in index.values():
            cands.sort(key=lambda w: (-len(w), w))
        self._index = index
        firsts = sorted({k[0] for k in index})
        pattern = "[" + "".join(re.escape(c) for c in firsts) + "]" if firsts else r"(?!x)x"
        self._starts = re.compile(pattern)

    def finditer(self, text: str):
        """Yield ``(start, end, word)``, scanning left to right without overlaps."""
        index = self._index
        pos = 0
        search = self._starts.search
        while True:
            m = search(text, pos)
            if m is None:
                return
            i = m.start()
            cands = index.get(text[i:i + 2])
            if cands:
                for w in cands:
                    if text.startswith(w, i):
                        yield i, i + len(w), w
                        pos = i + len(w)
                        break
                else:
                    pos = i + 1
            else:
                pos = i + 1
