"""Sentences: a cleaned article split into the sentences key points are chosen from.

Splitting uses nupunkt, a Punkt implementation that ships its model inside the wheel:
NLTK's punkt data cannot be downloaded behind a firewall, and is not needed. Punkt's few
systematic misses in news (a cut before a lower-case word, after initials or a title) are
mended here; an overlong "sentence" is cut or dropped (`cap_sentence`); and a key point's
character spans are checked against the text it came from (`untraced`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from briefing.text.cleaning import (
    EDGE_ELLIPSIS,
    fix_guillemets,
    is_caption_or_credit,
    iter_paragraphs,
)

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# A letter, then letters, apostrophes and hyphens: runs of letters joined by runs of marks
# (the same words as "a letter, then (a letter or a mark) repeated", a third faster).
WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-]+[^\W\d_]*)*", re.UNICODE)


@lru_cache(maxsize=1)
def _nupunkt():
    import nupunkt  # imported here: the CLI's --help must not pay for it

    return nupunkt.sent_spans


# Where Punkt cuts too early: before a lower-case word ("on E! | channel announced ...",
# "Schumer (D-N.Y.) | ― for giving away ...", "Ryan (R-Wis. | ), charging at"),
# and after initials that open a sentence ("A.J. | Pero, the drummer, died").
_LOWER_START = re.compile(r"^[\"'”’)\]\s,;:–—―-]*[a-z][a-z'’-]*\b(?![^\s]*[A-Z])")
_INITIALS = re.compile(r"^(?:[A-Z]\.){2,4}$")
# ... and after a title before a name: "the captive Jordanian pilot Lt. | Moath al-Kasasbeh",
# "convicted former soldier Pfc. | Steven D. Green" (military and police ranks, titles of
# office and of the clergy, and their plurals: "Reps. | Ted Lieu and Jamie Raskin").
_TITLE_END = re.compile(
    r"\b(?:Lt|Lieut|Sgt|SSgt|Gen|Col|Capt|Cpt|Cmdr|Cdr|Adm|Maj|Cpl|Pvt|Pfc|Spc|Dr|Rep|Sen|"
    r"Gov|Rev|Msgr|Prof|Mr|Mrs|Ms|Cllr|Reps|Sens|Govs|Gens|Sgts|Cols|Capts|Adms|Drs)\.$"
)
# ... and after a place name's abbreviation at the end of a hyphenated or slashed name:
# "arrested at Minneapolis-St. | Paul International Airport", "Dallas-Ft. | Worth". Punkt
# knows "St." alone, not as the end of "Minneapolis-St.", a token it has never seen.
_HYPHENATED_PLACE_END = re.compile(r"\w[-/](?:St|Ste|Ft|Mt|Pt)\.$")
# ... and after a country's or a body's initials before a title or a body of its own:
# "Russia's U.N. | Ambassador Vassily Nebenzia", "the U.S. | Secretary of State". Only
# these initials and only words that seldom open a sentence: "in the U.S. | The next day"
# is a real cut, and so is one before "Security forces ..." or "State media ...", which is
# why such words count only with the word that makes them a name.
_COUNTRY_INITIALS_END = re.compile(r"(?<![\w.])(?:U\.[SNK]|E\.U|U\.S\.A|U\.A\.E)\.\)?$")
_TITLE_AFTER_INITIALS = re.compile(
    r"^(?:Ambassadors?|(?:Under-?)?Secretary|Secretary-General|Envoy|Embassy|Consulate|"
    r"Senators?|Senate|House|Congress(?:man|woman)?|Rep\.|Sen\.|President|Vice President|"
    r"Prime Minister|Attorney|Treasury|Department|Army|Navy|Marines?|Air Force|Coast Guard|"
    r"Central Command|Supreme Court|General Assembly|Security Council|High Commissioner|"
    r"Human Rights|Special (?:Envoy|Representative|Rapporteur|Coordinator)|"
    r"(?:State|Justice|Defense|Commerce|Energy) Department|Trade Representative)\b"
)
# ("United States (U.S.) | Senator Joe Lieberman" too) ... and before the initials a name
# is given in brackets, which go on the sentence: "sold by Atlanta Spirit Group, LLC. |
# (ASG), who owned the Thrashers".
_BRACKETED_INITIALS = re.compile(r"\([A-Z][A-Z0-9&.]{1,9}\)(?=,|\s+[a-z])")
# ... and inside a short quoted slogan or title with a full stop of its own: 'South Dakota's
# viral “Meth. | We're on it.” campaign'. The piece before ends a few words after an opening
# mark; the piece after closes it within a few words and goes on in lower case.
_NOT_QUOTE = r"(?:[^“”\"‘’']|(?<=\w)['’](?=\w))"
_QUOTE_OPENS = re.compile(rf"(?:^|\s)[“\"‘']\w{_NOT_QUOTE}{{0,40}}[.!?]$")
_QUOTE_CLOSES = re.compile(rf"{_NOT_QUOTE}{{1,60}}[”\"’'] [a-z]")


# How much of the sentence before a cut the checks on it read: each looks only at its end
# (a title, initials, a quotation opened a few words back). Reading no more keeps a
# paragraph of thousands of pieces that all join up ("Lt. Lt. Lt. ...") linear, not square.
_TAIL = 80


def _tail(text: str, start: int, end: int) -> str:
    """The last `_TAIL` characters of ``text[start:end]``, stripped."""
    return text[max(start, end - _TAIL) : end].strip()


# The longest match of each check on the end of the text before a cut (tests/test_text.py
# checks them against the patterns): "Lieut." and "-Ste." are 6 characters, "U.S.A.)" 7.
_TITLE_END_CHARS = 6
_PLACE_END_CHARS = 6
_INITIALS_END_CHARS = 7


def _ends_with(pattern: re.Pattern[str], text: str, longest: int) -> bool:
    """``pattern.search(text)``, for a pattern anchored at the end ($) whose matches are at
    most ``longest`` characters: searched from where such a match can start (one more, for
    the final newline $ may match before), not from the beginning; a lookbehind or \\b
    still sees the characters before. These checks run on every piece Punkt cuts, and a
    search from the beginning tried every position of up to `_TAIL` characters."""
    return pattern.search(text, max(0, len(text) - longest - 1)) is not None


def _inside_short_quote(before: str, after: str) -> bool:
    """True where a cut between ``before`` and ``after`` would fall inside a short quotation."""
    # the opening mark is at most 44 characters from the end: search only there
    return bool(_QUOTE_OPENS.search(before[-60:]) and _QUOTE_CLOSES.match(after))


def _inside_brackets(before: str, after: str) -> bool:
    """True where a cut falls inside brackets: ``before`` opens one it does not close, and
    ``after`` closes it within a few words ("the Levin/Reed Amendment (S.Amdt. | 2087) to
    H.R. 1585", "kernel drivers (eg. | Nvidia drivers) and codecs")."""
    opened = before.rfind("(")
    if opened < 0 or ")" in before[opened:]:
        return False
    closed = after.find(")", 0, 60)
    return closed >= 0 and "(" not in after[:closed]


def _title_after_initials(before: str, after: str) -> bool:
    """True where a cut falls between "U.N." or "U.S." and the title or body it qualifies."""
    return bool(_ends_with(_COUNTRY_INITIALS_END, before, _INITIALS_END_CHARS)
                and _TITLE_AFTER_INITIALS.match(after))


# Where Punkt misses a cut: the word before a full stop, in one of three shapes.
# 1. A lower-case word, its full stop, then a capital ("no bombs were found. Bishop said
#    ..."): Punkt declines it when the next word is a name it has seen capitalised
#    mid-sentence, and the glued pair then reads as one overlong point. Lower-case
#    abbreviations that do run on into a capital ("Arsenal vs. Chelsea") are spared.
# 2. A capitalised word, when the next word can only open a sentence: "the Internal Revenue
#    Code. That means ...", "Lexington, KY. A solid inch". Titles ("Gen.", "Dr.") are never
#    followed by such a word, and initials ("U.S.") are excluded by the look-behind.
# 3. A time zone after a clock time, before any capital: "about 11:15 p.m. ET. Kelly".
_SENTENCE_OPENER = (
    r"(?:The|That|This|These|Those|He|She|It|They|We|But|His|Her|Their|Its|There|A|An|"
    r"And|In|On|At|After|When|While|If|As|Some|One|I|You|What|Why|How|Who|Whether|Now|So|"
    r"Yet|Still|Then)\b"
)
# Where Punkt cuts after an exclamation mark that is part of a name: "Yahoo! | Inc.
# reported", "broke out in the iMPACT! | Zone during". A word with a capital just before
# the mark, with no quotation mark after it, is read as such a name unless the next piece
# opens as sentences do ("Shares of Yahoo! | The company said"): unquoted exclamations
# are rare in news, and those that end on a name rarer still.
_NAME_BANG_END = re.compile(r"(?<![\w'’-])[\w'’-]*[A-Z][\w'’-]*!$")
_OPENS_SENTENCE = re.compile(r"^[\"“‘(]?" + _SENTENCE_OPENER)
_TIME_ZONE = r"(?:ET|CT|MT|PT|[ECMP][SD]T|GMT|UTC|BST|CES?T)"
_MISSED_CUT = re.compile(
    r"(?<![.\w])("
    r"[a-z][a-z'’-]+"  # 1
    r"|[A-Z][\w'’-]+(?=[.!?][\"”’)]?\s+[\"“‘(]?" + _SENTENCE_OPENER + r")"  # 2
    r"|(?<=[ap]\.m\. )" + _TIME_ZONE  # 3
    + r")[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])"
)
# A related-story link that stood on a line of its own after a sentence, flattened onto it
# ("... tensions with the West. Opinion: Why has Putin gone missing?", '... breaches."READ
# MORE: Mixed fortunes ...'): its label starts a sentence, which `cleaning._BOILERPLATE` then drops.
# Cut here, at the sentence, not at the paragraph: a paragraph that starts with a link
# label is dropped whole, and the link's own end is unknown.
_LINK_LABEL = re.compile(
    r"(?<=[.!?\"”’])\s*(?=(?:Opinion|OPINION|Read more|READ MORE|See more|SEE MORE|See also|"
    r"Related|RELATED|Watch|WATCH|More|MORE)\s*:\s)"
)
_MAYBE_CUT = re.compile(r"[.!?][\"”’)]?\s+[\"“‘(]?[A-Z]")
_RUN_ON_ABBREVIATIONS = frozenset({
    "vs", "approx", "cf", "al", "ca", "ft", "oz", "lb", "lbs", "pp", "vol", "no", "nos", "op",
    "ed", "eds", "jr", "sr", "st", "mt", "ave", "blvd", "dept",
})


def _missed_cuts(sentence: str) -> list[str]:
    """``sentence`` cut where ``_MISSED_CUT`` or ``_LINK_LABEL`` finds a break Punkt skipped."""
    pieces, start = [], 0
    # every cut ends in a mark, a space and a capital: most sentences have none, and
    # looking for that is a tenth of the cost of the full pattern
    found = _MISSED_CUT.finditer(sentence) if _MAYBE_CUT.search(sentence) else ()
    for m in found:
        before, after = _tail(sentence, start, m.end()), sentence[m.end() : m.end() + _TAIL]
        if m.group(1) not in _RUN_ON_ABBREVIATIONS and not _inside_short_quote(
            before, after
        ) and not _inside_brackets(before, after):
            pieces.append(sentence[start : m.end()].strip())
            start = m.end()
    pieces.append(sentence[start:].strip())
    return [cut.strip() for p in pieces
            for cut in (_LINK_LABEL.split(p) if ":" in p else (p,)) if cut.strip()]


# Punkt's scan reads, from each mark that may end a sentence, on to the end of the next
# whitespace-free run: a run of marks ("!?!?…", a mangled table, minified script) costs the
# square of its length (500 KB of it, a build of 90 seconds). A run this long holds no real
# sentence break (it is a URL, a blob, or marks), so Punkt is shown its middle as plain
# letters of the same length and its ends as they are (a sentence may end or begin there),
# and cuts the paragraph as before; the text kept is the paragraph's own.
_LONG_RUN = re.compile(r"(?<!\S)\S{100,}")
_RUN_ENDS = 10


def _masked(paragraph: str) -> str:
    """``paragraph`` with the middle of each whitespace-free run of 100 characters or more
    made "x"s, all but its first and last `_RUN_ENDS`, so Punkt's offsets still index it."""
    if len(paragraph) < 100:
        return paragraph
    return _LONG_RUN.sub(_plain_middle, paragraph)


def _plain_middle(match: re.Match[str]) -> str:
    run = match.group()
    return run[:_RUN_ENDS] + "x" * (len(run) - 2 * _RUN_ENDS) + run[-_RUN_ENDS:]


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph (a paragraph break always ends a sentence).

    Punkt's cuts are mended where they cannot be right: a piece that starts with a lower-case
    word continues the one before, a piece of initials alone starts the one after,
    "Minneapolis-St." keeps the rest of the name, and so does "Yahoo!" ("Yahoo! Inc."),
    "U.N." or "U.S." before a title
    ("Ambassador") keeps it (`_title_after_initials`), and
    so does a name before its initials in brackets ("LLC. (ASG), who"); no sentence ends
    inside brackets (`_inside_brackets`).
    """
    spans: list[list[int]] = []
    for start, end in _nupunkt()(_masked(paragraph)):
        piece = paragraph[start:end].strip()
        if not piece:
            continue
        before = _tail(paragraph, *spans[-1]) if spans else ""
        whole = bool(spans) and spans[-1][1] - spans[-1][0] <= _TAIL  # `before` is all of it
        if before and (
            _LOWER_START.match(piece) or (whole and _INITIALS.match(before))
            or _ends_with(_TITLE_END, before, _TITLE_END_CHARS)
            or _ends_with(_HYPHENATED_PLACE_END, before, _PLACE_END_CHARS)
            or _inside_short_quote(before, piece)
            # a name's "!" is the last mark (or before a final newline): most pieces have none
            or ("!" in before[-2:] and _NAME_BANG_END.search(before)
                and not _OPENS_SENTENCE.match(piece))
            or _title_after_initials(before, piece) or _BRACKETED_INITIALS.match(piece)
            or _inside_brackets(before, piece)
        ):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [cut for a, b in spans for cut in _missed_cuts(paragraph[a:b].strip())]


MAX_POINT_CHARS = 600
"""The default of `summary.max_point_chars`: the longest real news sentence in the dev sets
has 553 characters; a longer "sentence" is a list, a table or text that lost its stops."""

# Where an overlong sentence may be cut, as positions the kept text ends at: before a
# clause's mark (", ", "; ", ": ", " – ", or a full-width "，" "；" "：" "、"), or after a
# closing bracket.
_CLAUSE_BREAK = re.compile(r"(?=[,;:]\s)|(?<=\))(?=\s)|(?=\s[–—―-]\s)|(?=[，；：、])")
_WORD_BREAK = re.compile(r"\s")
# What a cut must not leave dangling before its "…": a clause's mark, a dash, an opening
# bracket or quotation mark.
_DANGLING = " \t,;:–—―-([{“‘\"'«"


def cap_sentence(sentence: str, max_chars: int = MAX_POINT_CHARS) -> str | None:
    """`sentence` if it has at most `max_chars` characters; else its opening, cut at the
    last clause break (after "," ";" ":" or a spaced dash, or a closing bracket) or else
    the last space, and ended with "…" to say it goes on: at most `max_chars` in all.

    The cut keeps at least half of `max_chars`; when the opening has no clause break and
    no space in its second half (a run of characters: a URL, an encoded blob, a language
    written without spaces and without punctuation), there is no sensible cut and the
    sentence is dropped: None. Only the opening is read, so a sentence of megabytes costs
    no more than one of `max_chars`.
    """
    if len(sentence) <= max_chars:
        return sentence
    window, floor = sentence[:max_chars], max_chars // 2
    for breaks in (_CLAUSE_BREAK, _WORD_BREAK):
        cut = None
        for m in breaks.finditer(window, floor):
            cut = m.start()
        if cut is not None:
            kept = window[:cut].rstrip(_DANGLING)
            if len(kept) >= floor:
                return kept + "…"
    return None


def sentences(text: str, max_chars: int = MAX_POINT_CHARS) -> list[str]:
    """Clean an article (`clean_text`) and split it into sentences, in reading order.

    A sentence longer than `max_chars` characters is cut, or dropped (`cap_sentence`): no
    stage after this one, and no reader of the briefing, meets a monster sentence (a page
    of text without a full stop is one "sentence" to any splitter).
    """
    return list(iter_sentences(text, max_chars))


def iter_sentences(text: str, max_chars: int = MAX_POINT_CHARS) -> Iterator[str]:
    """`sentences`, one at a time, cleaning only as far as they are read (an article's
    lead is its first: `next(iter_sentences(text), "")`)."""
    for p in iter_paragraphs(text):
        for s in split_sentences(p):
            s = fix_guillemets(s)
            s = EDGE_ELLIPSIS.sub("", s) if "…" in s else s
            capped = cap_sentence(s, max_chars)
            if capped and _LETTER.search(capped) and not is_caption_or_credit(capped):
                yield capped


def sentence_lines(text: str, max_chars: int = MAX_POINT_CHARS) -> str:
    """An article as the summarizer ranks it: its sentences (``sentences``), one a line. A
    key point's ``spans`` are character offsets into this text (``untraced`` checks them):
    each sentence is the cleaned paragraph's own words (`clean_text`, what ``briefing read``
    prints), a mended quotation mark or a cut overlong sentence's "…" apart."""
    return "\n".join(sentences(text, max_chars))


_INSERTION = re.compile(r"\s*(?:\[[^\[\]]*\]\s*)*")


def untraced(shown: str, spans: Sequence[tuple[int, int]], cleaned: str) -> str | None:
    """What of ``shown`` is neither copied from ``cleaned`` at ``spans`` (in order) nor an
    insertion in square brackets or a joining space, or None when every character is
    accounted for: the check that a key point is traceable to its article."""
    pos = 0
    for start, end in spans:
        piece = cleaned[start:end]
        gap = _INSERTION.match(shown, pos)  # the piece starts where the gap ends, or in it
        at = next((k for k in range(pos, gap.end() + 1) if piece
                   and shown.startswith(piece, k) and _INSERTION.fullmatch(shown, pos, k)),
                  None)
        if at is None:
            return shown[pos:] or piece
        pos = at + len(piece)
    return None if _INSERTION.fullmatch(shown, pos) else shown[pos:]


def words(sentence: str) -> list[str]:
    """Word tokens (letters, inner apostrophes and hyphens), as sumy and our scorers see them."""
    return WORD_RE.findall(sentence)


class SumyTokenizer:
    """The tokenizer object sumy expects, backed by our offline splitter.

    sumy's own Tokenizer needs NLTK's punkt data, which cannot be fetched offline.
    """

    def __init__(self, language: str = "english") -> None:
        self.language = language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence))
