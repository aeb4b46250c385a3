"""Points: which sentences may be key points at all.

A key point states the news. Headings, asides, questions, greetings and thanks, a
transcript's stage directions and the writer's own framed opinion do not, however central
they are to their article; transcripts also have their turns told apart here, so a
speaker's words keep their speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from briefing.text.cleaning import is_caption_or_credit
from briefing.text.sentences import WORD_RE


def is_aside(sentence: str) -> bool:
    """True for a sentence wholly in parentheses: the writer's aside ("(I know, right?)",
    "(Etxeberria, incidentally, performed the autopsy ...)"), background beside the news."""
    if not sentence.startswith("("):
        return False
    depth = 0
    for k, char in enumerate(sentence):
        depth += (char == "(") - (char == ")")
        if depth == 0:  # the opening bracket closes here: only end punctuation may follow
            return not sentence[k + 1 :].strip(" .!?…\"'”’")
    return False


# A transcript's speaker label: "SECRETARY BLINKEN:", "MR PEDERSON:", "Q:".
_SPEAKER_LABEL = re.compile(r"^(?:[A-Z][A-Z.'-]*\s){0,5}[A-Z][A-Z.'-]*:\s*")
# Labels that open an editor's line, not a speaker's turn: "UPDATE: The vote was delayed."
_NOT_SPEAKERS = frozenset({
    "UPDATE", "UPDATED", "NOTE", "EDITOR'S NOTE", "EDITORS' NOTE", "CORRECTION",
    "CLARIFICATION", "BREAKING", "BREAKING NEWS", "ALERT", "EXCLUSIVE", "LIVE", "WATCH",
    "READ", "VIDEO", "PHOTOS", "PHOTO", "WARNING", "SPOILER ALERT",
})


def speaker_turns(texts: Sequence[str]) -> list[tuple[str, str]]:
    """(speaker, sentence without its label) for each sentence of a transcript.

    In a transcript ("SECRETARY BLINKEN: Well, ... MR PEDERSON: Thank you so much. My
    message has been very clear ...") a label opens a turn that runs until the next one,
    across paragraphs; without it, "My message" belongs to no one. An article is taken as a
    transcript only when two sentences at least open with a label: one "UPDATE:"-like line
    is no conversation. Sentences before the first label, and every sentence of an article
    that is no transcript, get speaker "" and their text unchanged.
    """
    labels = []
    for text in texts:
        m = _SPEAKER_LABEL.match(text)
        label = m.group().rstrip(": ").strip() if m else ""
        labels.append((label, m.end()) if label and label not in _NOT_SPEAKERS else ("", 0))
    if sum(1 for label, _ in labels if label) < 2:
        return [("", text) for text in texts]
    turns, speaker = [], ""
    for text, (label, end) in zip(texts, labels, strict=True):
        speaker = label or speaker
        turns.append((speaker, text[end:] if label else text))
    return turns


# The words of greetings and thanks, and the fillers around them.
_COURTESY_WORDS = frozenset({
    "well", "so", "oh", "okay", "ok", "yes", "and", "again", "all", "right", "very", "much",
    "really", "thank", "thanks", "you", "good", "morning", "afternoon", "evening", "everyone",
    "everybody", "folks", "ladies", "gentlemen", "hello", "hi", "welcome", "please", "great",
    "pleasure", "for", "being", "here", "today", "coming", "joining", "us", "sir", "madam",
})
_LONGEST_COURTESY = 100  # characters; "Thank you so much for being here today." has 39


# An opening that makes the whole sentence a courtesy, however long it runs: "It's a
# pleasure to meet with Special Envoy Pedersen…", "Thank you for…" (not "Thanks to the
# rain, …"), "I'm delighted to be here…", "Let me begin by thanking…", "Good morning, and…".
_FILLER = r"(?:(?:well|so|and|again|first(?: of all)?|once again|now|okay|ok)\s*,?\s+)*"
_COURTESY_OPENING = re.compile(
    rf"^{_FILLER}(?:"
    r"(?:it(?:'s|’s| is| was| has been)|what)\s+(?:(?:a|an|such a|my|our|a real|a great|"
    r"an enormous|a special|truly a|always a)\s+)?(?:great\s+|real\s+)?"
    r"(?:pleasure|privilege|honou?r|delight)\b"
    r"|(?:it(?:'s|’s| is)|it's|i'm|i am|we're|we are)\s+(?:very\s+|so\s+|really\s+|truly\s+)?"
    r"(?:pleased|delighted|honou?red|happy|glad|grateful|thrilled|proud|good|great|nice)\s+"
    r"to\s+(?:be\s+(?:here|back|with)|welcome|meet|join|host|see\s+(?:you|everyone)|have\s+"
    r"(?:you|him|her)|introduce|stand)\b"
    r"|thank(?:s| you)\b(?!\s+to\b)"
    r"|(?:i|we)\s+(?:also\s+)?(?:want to|would like to|'d like to|’d like to)?\s*"
    r"(?:thank|welcome)\b"
    r"|let me\s+(?:first\s+)?(?:begin|start)\s+by\s+(?:thanking|welcoming)"
    r"|welcome\s+(?:to|back|everyone|all)\b"
    # a greeting, not a title: "Good morning, and…", not "Good Morning America aired…"
    r"|good\s+(?:morning|afternoon|evening)\s*(?:[,.!;:—–-]|$|and\b|to\b|every|all\b))",
    re.IGNORECASE,
)
# The words a courtesy opening can start with: the pattern is tried only after one.
_COURTESY_FIRST_WORDS = frozenset({
    "well", "so", "and", "again", "first", "once", "now", "okay", "ok", "it", "it's", "what",
    "i", "i'm", "we", "we're", "thank", "thanks", "let", "welcome", "good",
})
_QUOTE_MARKS_LEFT = "\"'“‘«"


def is_courtesy(sentence: str) -> bool:
    """True for a greeting or a thank-you, with or without a speaker label: "SECRETARY
    BLINKEN: Well, good morning everyone.", "Thank you so much for being here today.",
    "It's a pleasure to meet with Special Envoy Pedersen…". Transcripts are full of them,
    and none tells the reader anything (what follows the pleasure is said again, better,
    in the speaker's next sentences)."""
    label = _SPEAKER_LABEL.match(sentence)
    rest = (sentence[label.end() :] if label else sentence).lstrip(_QUOTE_MARKS_LEFT)
    first = rest[: rest.find(" ")].rstrip(",").lower() if " " in rest else rest.lower()
    if first.replace("’", "'") in _COURTESY_FIRST_WORDS and _COURTESY_OPENING.match(rest):
        return True
    if len(rest) > _LONGEST_COURTESY:  # checked on every sentence: most leave here
        return False
    tokens = WORD_RE.findall(rest)
    return bool(tokens) and all(t.lower() in _COURTESY_WORDS for t in tokens)


# The writer's own opinion, framed as such: "It's interesting that…", "It is worth noting
# that…", "I think…", "In my view…". A reader of a briefing wants the fact, not the frame;
# someone else's opinion (a quotation, a transcript's speaker) is news and stays.
_WRITERS_VIEW = re.compile(
    r"^(?:it(?:'s|’s| is| was)\s+(?:(?:also|not|especially|particularly|very|so|really|"
    r"quite|rather|somewhat|perhaps|all the more|hardly|no)\s+)*(?:interesting|ironic|funny|"
    r"sad|tragic|strange|odd|curious|remarkable|surprising|unsurprising|no surprise|"
    r"(?:no|an open) secret(?=\s+that\b)|common knowledge(?=\s+that\b)|little "
    r"surprise|small wonder|no wonder|little wonder|worth (?:noting|remembering|mentioning|"
    r"pointing out|asking|recalling)|telling|striking|fascinating|amazing|incredible|"
    r"astonishing|unfortunate|a shame|a pity|hard to (?:believe|imagine|overstate)|"
    r"easy to (?:see|forget|understand|imagine)|fair to say|safe to say|noteworthy|"
    r"instructive|revealing)\b"
    r"|(?:i|we)\s+(?:(?:really|also|still|do)\s+)?(?:think|believe|suspect|guess|feel|"
    r"would argue|'d argue|’d argue|wonder|must say|have to say|can't help|can’t help)\b"
    r"|in my (?:opinion|view)\b|to me\s*,|frankly\s*,|personally\s*,|needless to say\b"
    r"|one (?:wonders|has to wonder|can only wonder)\b)",
    re.IGNORECASE,
)
_VIEW_FIRST_WORDS = frozenset({
    "it", "i", "we", "in", "to", "frankly", "frankly,", "personally", "personally,", "needless",
    "one",
})
# A stage direction in a transcript: "(Applause.)", "[inaudible]", "(BEGIN VIDEO CLIP)".
_STAGE_DIRECTION = re.compile(
    r"^[(\[][^()\[\]]{1,80}[)\]][.!]?$"
)
_STAGE_WORDS = re.compile(
    r"\b(?:applause|laughter|laughs|laughing|cheers|cheering|crosstalk|cross-talk|inaudible|"
    r"unintelligible|indiscernible|pause|silence|music|break|video|videotape|clip|off[- ]mic|"
    r"booing|sighs|coughs|gavel|recess|end|begin|audio|sound bite|technical difficulties)\b",
    re.IGNORECASE,
)
_CLOSERS = "\"'”’»)] "


def is_question(sentence: str) -> bool:
    """True for a question: it asks, it does not tell ("Is it a treaty?"). A question
    reported in a sentence that ends as a statement ('"Why?" he asked.') is no question."""
    return sentence.rstrip(_CLOSERS).endswith("?")


def is_writers_view(sentence: str) -> bool:
    """True for an opinion the writer frames as their own ("It's interesting that Obama…",
    "I think the deal…"). Quotations are someone else's words and are left to the caller."""
    first = sentence[:12].split(" ", 1)[0].split("'", 1)[0].split("’", 1)[0].lower()
    return first in _VIEW_FIRST_WORDS and bool(_WRITERS_VIEW.match(sentence))


def is_stage_direction(sentence: str) -> bool:
    """True for a transcript's stage direction: "(Applause.)", "[Inaudible]",
    "(BEGIN VIDEO CLIP)"."""
    label = _SPEAKER_LABEL.match(sentence)
    rest = sentence[label.end() :] if label else sentence
    m = _STAGE_DIRECTION.match(rest.strip())
    if not m:
        return False
    inner = rest.strip()[1:].rstrip(".!)] ")
    return bool(_STAGE_WORDS.search(inner)) or inner.isupper()


def is_point(sentence: str, speaker: str = "", *, cleaned: bool = False) -> bool:
    """A sentence that may be a key point: a real sentence (``is_real_sentence``) that
    states something, so not a question, a stage direction or, outside a transcript's
    turn (``speaker``), the writer's own framed opinion. ``cleaned``: the sentence comes
    from ``sentences``, which has dropped captions and credits already."""
    if not is_real_sentence(sentence, cleaned=cleaned) or is_question(sentence):
        return False
    if ("(" in sentence[:80] or "[" in sentence[:80]) and is_stage_direction(sentence):
        return False
    return bool(speaker) or not is_writers_view(sentence)


def is_real_sentence(sentence: str, min_words: int = 4, *, cleaned: bool = False) -> bool:
    """A sentence a reader would accept as a key point: words, not a stub, a credit or a
    courtesy (``cleaned``: from ``sentences``, so no credit)."""
    # counted in its opening first, then up to min_words only: most have many more
    if (len(WORD_RE.findall(sentence, 0, 60)) < min_words
            and sum(1 for _ in islice(WORD_RE.finditer(sentence), min_words)) < min_words):
        return False
    if not cleaned and is_caption_or_credit(sentence):
        return False
    return not is_courtesy(sentence)
