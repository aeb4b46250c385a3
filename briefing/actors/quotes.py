"""The quotations of a text and who said each.

Spans in quotation marks of three words or more; the speaker is found after the quote,
before it, or, for a sentence that is a quote and nothing else, in the sentence before.
Otherwise the speaker is None: better unknown than wrong (the package's docstring,
briefing/actors/, says in which order).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from briefing.actors.names import Analysis, Mention, analyse
from briefing.model import Quote

_SPEECH = (
    r"said|says|say|told|tells|added|adds|adding|stated|states|noted|notes|explained|declared|"
    r"announced|announces|wrote|writes|tweeted|posted|insisted|argued|warned|warns|asked|"
    r"replied|continued|acknowledged|admitted|claimed|stressed|urged|saying|remarked|recalled"
)
# A speech verb, but not the passive "is said to be".
_SPEECH_RE = re.compile(rf"(?<!is )(?<!are )(?<!was )(?<!were )\b(?:{_SPEECH})\b(?! to\b)")
# "X, editor of the report, told reporters": a name, an aside in commas, a speech verb.
_APPOSITIVE = re.compile(rf"^,.{{1,80}}?,\W*\s*(?:{_SPEECH})\b")
_PRONOUN_SPEAKER = re.compile(rf"^\W*(?:he|she)\s+(?:{_SPEECH})\b", re.IGNORECASE)
# Compiled once, not in the calls (each call looked it up in re's cache, and compiled it
# again once other patterns had pushed it out): a speech verb opening a text; nothing but
# marks and "the" between a quote and a name; "according to".
_SPEECH_OPENS = re.compile(rf"^\W*(?:{_SPEECH})\s+")
_NOTHING_BUT_THE = re.compile(r"\W*(?:the\s+)?")
_ACCORDING_TO = re.compile(r"\baccording to\b", re.IGNORECASE)
# The marks that open or close a quotation: `quote_spans` visits these, not every character.
_QUOTE_MARK = re.compile('[“”"]')


# --- quotes --------------------------------------------------------------------------------


def quote_spans(sentence: str, inside: bool) -> tuple[list[tuple[int, int, str]], bool]:
    """Quoted spans (start, end, text) of a sentence, and whether a quote is still open after it.

    Quotations often run over several sentences, so whether the sentence begins inside one
    (`inside`) is carried from the sentence before: that is what tells the straight quote
    closing `...874," the report said.` from one that opens.
    """
    spans = []
    start = 0 if inside else None
    for mark in _QUOTE_MARK.finditer(sentence):
        k, c = mark.start(), mark.group()
        opening = c == "“" or (c == '"' and start is None)
        closing = c == "”" or (c == '"' and start is not None)
        if closing:
            spans.append((start or 0, k + 1))
            start = None
        elif opening:
            start = k
    if start is not None:
        spans.append((start, len(sentence)))
    out = []
    for a, b in spans:
        text = sentence[a:b].strip('“”" ').strip().rstrip(",").strip()
        out.append((a, b, text))
    return out, start is not None


def find_quotes(sentences: Sequence[str]) -> tuple[Quote, ...]:
    """Quotations of three words or more, each with its speaker when the text makes it clear."""
    return quotes_of(sentences, analyse(sentences))


def quotes_of(sentences: Sequence[str], analysis: Analysis) -> tuple[Quote, ...]:
    """The quotations of `sentences` and their speakers, from their names' analysis."""
    mentions, canon, kind = analysis
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    holders = {m.title.lower(): canon[m.surface] for m in mentions if m.title}

    def speaker_of(m: Mention) -> str | None:
        name = canon[m.surface]
        return None if kind.get(name) == "place" else name  # places do not speak

    def role(text: str) -> str | None:
        """ "the secretary of state said" -> whoever holds that title in this text."""
        for title, name in holders.items():
            if re.search(rf"\bthe {re.escape(title)}\b", text, re.IGNORECASE):
                return name
        return None

    quotes: list[Quote] = []
    last_speaker: tuple[int, str] | None = None  # (sentence, name) of the latest speaker
    last_person: tuple[int, str] | None = None  # (sentence, name) of the latest person named
    last_quote_sentence = -2
    inside = False
    for i, sentence in enumerate(sentences):
        here = by_sentence.get(i, [])
        spans, inside = quote_spans(sentence, inside)
        outside = sentence
        for a, b, _ in spans:
            outside = outside[:a] + " " * (b - a) + outside[b:]
        found_any = False
        for start, end, text in spans:
            if len(text.split()) < 3:
                continue
            speaker = _after(sentence, end, here, speaker_of)
            if speaker is None and _PRONOUN_SPEAKER.match(sentence[end:]):
                recent = max((x for x in (last_speaker, last_person) if x), default=None)
                speaker = recent[1] if recent else None
            if speaker is None:
                speaker = _before(sentence[:start], here, speaker_of, role)
            quote_only = not _SPEECH_RE.search(outside) and not outside.strip(" .,")
            if speaker is None and quote_only and last_quote_sentence == i - 1 and last_speaker:
                speaker = last_speaker[1]  # a sentence of quote only continues the one before
            quotes.append(Quote(text, speaker, i))
            found_any = True
            if speaker is not None:
                last_speaker = (i, speaker)
        if found_any:
            last_quote_sentence = i
        for m in here:
            if kind.get(canon[m.surface]) == "person":
                last_person = (i, canon[m.surface])
    return tuple(quotes)


def _after(
    sentence: str, end: int, here: Sequence[Mention], speaker_of: Callable[[Mention], str | None]
) -> str | None:
    """`"...," said X` or `"...," X said` right after the quote."""
    tail = sentence[end:]
    verb = _SPEECH_OPENS.match(tail)
    for m in here:
        if m.start < end:
            continue
        between = sentence[end : m.start]
        if verb and len(between) <= verb.end() + 40 and _SPEECH_RE.search(between):
            return speaker_of(m)
        rest = sentence[m.end :]
        if _NOTHING_BUT_THE.fullmatch(between) and (
            _SPEECH_RE.match(rest.lstrip()) or _APPOSITIVE.match(rest)
        ):
            return speaker_of(m)
        break
    return None


def _before(
    head: str,
    here: Sequence[Mention],
    speaker_of: Callable[[Mention], str | None],
    role: Callable[[str], str | None],
) -> str | None:
    """`X said (that) "..."` or `according to X, "..."` before the quote."""
    acc = _ACCORDING_TO.search(head)
    if acc:
        for m in here:
            if m.start >= acc.end() and m.end <= len(head):
                return speaker_of(m)
    verb = _SPEECH_RE.search(head)
    if not verb:
        return None
    subjects = [m for m in here if m.end <= verb.start()]
    if subjects:
        last = subjects[-1]
        gap = head[last.end : verb.start()]
        if len(gap) <= 60 and "“" not in gap and '"' not in gap:
            return speaker_of(last)
    return role(head[: verb.start()])
