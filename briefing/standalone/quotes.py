"""Quotation marks in key points: the quotations that run over several sentences
(``quotations``), which way a sentence's unpaired mark faces, where its first mark is and
whether a mark closes a quotation, and a point that opens with a quotation said by a pronoun
or by no one (``quoted_speaker``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.standalone.dangle import Dangle
from briefing.standalone.tokenizing import OPENING_CHARS

# The marks that may open or close a quotation, single ones and guillemets among them.
QUOTE_MARKS = "\"“”‘’'«„"
_QUOTE_MARK = re.compile(f"[{re.escape(QUOTE_MARKS)}]")
# Double quotation marks only: a single one is as often an apostrophe ("the Jaguars' lead").
DOUBLE_QUOTES = ('"', "“", "”")
QUOTE_SPAN = 3  # sentences a quotation may run on before an unclosed mark is taken as a typo


def quotations(texts: Sequence[str], span: int = QUOTE_SPAN) -> list[tuple[int, int]]:
    """The quotations that run over several sentences, as (the sentence that opens one, the
    sentence that closes it): the splitter cuts a quote at its full stops, and neither part
    stands alone ("\"There will be no mistakes on my rise to the top -- if I decide to run."
    leaves its quotation open; "Who knows?\" she said" is someone's words cut from their
    start). An odd number of marks opens or closes a quotation; one not closed within
    ``span`` sentences is taken as a stray mark, and spans nothing.

    Which way the odd mark faces decides where it can only be read one way: a quotation
    that runs over paragraphs opens each one with a mark and closes only at its end
    ("…to the poor. / \"And while I respect… / Any inferences … are simply false.\""),
    so an opening mark inside an open quotation continues it, and a sentence whose odd mark
    closes a quotation it never opened is the end of someone's words even when their start
    is out of sight (a span of itself alone)."""
    spans, opened = [], None
    for i, text in enumerate(texts):
        if sum(text.count(q) for q in DOUBLE_QUOTES) % 2:
            side = _odd_mark_side(text)
            if opened is None:
                if side == "close":
                    spans.append((i, i))
                else:
                    opened = i
            elif side != "open":
                spans.append((opened, i))
                opened = None
        elif opened is not None and i - opened >= span:
            opened = None
    return spans


def _odd_mark_side(text: str) -> str | None:
    """"open" or "close": which way the one double quotation mark of ``text`` that has no
    partner faces, when its place says so (a curly mark by its shape; a straight one opens
    before a word at the start or after a space, closes after a word or its punctuation
    before a space or the end); None when that cannot be told."""
    marks = [i for i, c in enumerate(text) if c in DOUBLE_QUOTES]
    sides = []
    for i in marks:
        c = text[i]
        if c == "“" or c == '"' and (i == 0 or text[i - 1] in " ([—–") \
                and text[i + 1 : i + 2].strip():
            sides.append("open")
        elif c == "”" or closes_quotation(text, i):
            sides.append("close")
        else:
            return None
    depth, unmatched = 0, []
    for side in sides:  # pair each closing mark with the opening one before it
        if side == "open":
            depth += 1
        elif depth:
            depth -= 1
        else:
            unmatched.append("close")
    unmatched += ["open"] * depth
    return unmatched[0] if len(unmatched) == 1 else None


def first_quote_mark(text: str) -> int:
    """Where the first quotation mark of a sentence's opening is (an apostrophe inside a
    word, "Our team’s", is none), or the end of the opening."""
    # only the marks are visited, not every character (this runs on every candidate point)
    for mark in _QUOTE_MARK.finditer(text, 0, OPENING_CHARS):
        i, c = mark.start(), mark.group()
        apostrophe = c in "'’" and 0 < i < len(text) - 1 and text[i - 1].isalpha() \
            and text[i + 1].isalpha()
        if not apostrophe:
            return i
    return OPENING_CHARS


def closes_quotation(text: str, i: int) -> bool:
    """Whether the mark at `i` closes a quotation: after a word or its punctuation, before
    a space or the end ('…our heritage," says Perry')."""
    return 0 < i < len(text) and text[i] in "”’\"'" and (
        text[i - 1] in ",.!?" or text[i - 1].isalpha()) and (
        text[i + 1 : i + 2] in ("", " ", ",", ".", ";"))


# Who said a quotation that opens a point, as a pronoun: '"…," she said.', '"…" he added'.
_SPEAKER_PRONOUN = re.compile(r"\s*(he|she|they)\b(?!\s*\[)\s+[a-z]")


def quoted_speaker(text: str) -> Dangle | None:
    """The pronoun that says who spoke a quotation opening ``text`` ('"The damage is done,"
    she said.'), or the quotation when it is the whole of ``text`` ('"We saw the test as
    part of a routine exercise."'): read alone, whose words? Nothing in the point names
    the speaker."""
    lead = text.lstrip()
    if lead[:1] not in {'"', "“"}:
        return None
    at = len(text) - len(lead)
    for i in range(at + 1, len(text)):
        if text[i] in {'"', "”"} and closes_quotation(text, i):
            if not text[i + 1 :].strip():  # the whole point is the quotation: whose?
                return Dangle("quotation", text[at : i + 1], at, i + 1)
            m = _SPEAKER_PRONOUN.match(text, i + 1)
            return Dangle("pronoun", m.group(1), m.start(1), m.end(1)) if m else None
    return None
