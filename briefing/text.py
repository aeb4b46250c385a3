"""Article text: cleaning, sentence splitting, and the tokenizer handed to sumy.

Cleaning removes what a reader of a briefing must never see as a "key point": photo
captions and credits, bylines, datelines, "Read more" and "Advertisement" lines, and
stray punctuation left by copy-and-paste. It works paragraph by paragraph (a caption is
its own paragraph in almost every source), then sentence by sentence.

Sentence splitting uses nupunkt, a Punkt implementation that ships its model inside
the wheel: NLTK's punkt data cannot be downloaded behind a firewall, and is not needed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import islice

# --- paragraphs that are not article text -------------------------------------------

# A parenthesised credit closing a paragraph: "(Photo by Chris Graythen/Getty Images)",
# "(SANA via AP)", "(History/Universal Images group photos via Getty Images)".
_CREDIT_WORDS = (
    r"Getty|AP|AFP|Reuters|EPA|Shutterstock|Pool|Photo|Photos|Image|Images|Picture|"
    r"Credit|Courtesy|File|via|Handout|Bloomberg|Xinhua|Anadolu|DVIDS|U\.S\. Army|U\.S\. Navy"
)
_TRAILING_CREDIT = re.compile(rf"\((?:[^()]*\b(?:{_CREDIT_WORDS})\b[^()]*)\)\s*\.?\s*$")
_CAPTION_START = re.compile(
    r"^(?:In this (?:\w+ )?(?:photo|image|picture|handout|file|screen ?grab|video)|"
    r"(?:File )?(?:Photo|Image|Picture|Credit|Caption)\s*:|"
    r"An? [\w -]{0,40}\b(?:poses?|stands?|sits?|walks?|looks? on|gestures?)\b.{0,80}\(|"
    r"Pictured\b)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:By|Written by|Reporting by|Updated|Published|Posted)\b[^.!?]{0,80}$", re.IGNORECASE
)
_BOILERPLATE = re.compile(
    r"^(?:Read more|Read more:.*|READ MORE\b.*|Advertisement|Sponsored|Story continues below.*|"
    r"Click here\b.*|Sign up\b.*|Subscribe\b.*|Share this( article| story)?\b.*|"
    r"(?:You can )?Follow (?:us|him|her|them|@)\b.*|Related:.*|Watch:.*|Listen:.*|"
    r"Copyright\b.*|All rights reserved.*|©.*|"
    # Reuters' footer under every story: "Our Standards: The Thomson Reuters Trust Principles."
    r"Our Standards\s*:.{0,100}|"
    # a contact line: "Email your story ideas and tips to tips@example.com."
    r"(?:E-?mail|Contact|Write to|Send)\b.{0,150}\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b.{0,60}|"
    # an editor's note in brackets: "[Breaking news update, posted 9:04 p.m. ET]"
    r"\[[^\[\]]{0,150}\]\.?|"
    # a headline linking to another story: "Opinion: Why Yemen has come undone."
    r"(?:(?:Opinion|Read|Read this|See more|See also|More|Photos?|Photo gallery|Video)\s*:|"
    r"More from\b).{0,100}|"
    # a call to the reader, one sentence long (a paragraph that goes on is kept): "Share
    # your thoughts with Kelly Wallace on Twitter.", "Tell us in the comments.", "For a
    # chance to be mentioned on the next CNN Student News, comment ...", "Enjoy the latest
    # pictures of the former Kate Middleton."
    r"(?:Share your thoughts\b|Tell us\b[^.!?]{0,60}\b(?:comments?|below)\b|"
    r"For a chance to be (?:mentioned|featured)\b|"
    r"Enjoy (?:the|these|our)\b[^.!?]{0,40}\b(?:pictures|photos|images|gallery|video)\b)"
    r"[^.!?]{0,200}[.!?]?|"
    # a partner's credit or a pointer to media the text cannot carry: "See the original story
    # at Billboard.com.", "Watch the full exchange above.", "See the gallery above for more."
    r"See the original (?:story|article|post)\b.{0,80}|"
    r"(?:See|Watch|View|Listen to)\b.{0,60}\b(?:above|below)\b.{0,60}|"
    # a programme plug: "Watch Anderson Cooper 360° weeknights 8pm ET.", "... click here."
    r"Watch\b.{0,60}\b(?:weekdays|weeknights|weekends|daily|nightly|[ap]\.?m\.? ET)\b.*|"
    r"For the latest\b.{0,80}\bclick here\b.*|"
    # a law firm's blog line: "On behalf of Jane Doe, Esq. posted in Accidents on Friday, ..."
    r"On behalf of\b.{0,120}\bposted (?:in|on|by)\b[^.!?]{0,150}\.?|"
    # a sponsor's disclosure, one sentence long: "This shop has been compensated by Collective
    # Bias, Inc. and its advertiser.", "All opinions are mine alone."
    r"This (?:shop|post|article|story) (?:has been|was|is) (?:compensated|sponsored)\b"
    r"(?:[^.!?]|\b(?:Inc|Co|Ltd|LLC)\.){0,150}[.!?]?|"
    r"This (?:is a sponsored|post contains affiliate)\b[^.!?]{0,150}[.!?]?|"
    r"All opinions (?:expressed )?(?:here )?are (?:my|mine|our|ours)\b[^.!?]{0,60}[.!?]?|"
    # a content warning before the story: "Viewer discretion is advised.", "Warning: this
    # video contains graphic images.", "The following article contains photographs of ...
    # Viewer discretion is advised." (a report that "contains allegations" is the story)
    r"(?:(?:Warning|Content warning|Editor's note)\s*:\s*)?(?:This|The following) "
    r"(?:article|story|report|video|post|page|gallery|footage) (?:contains|includes|may "
    r"contain) (?:(?:some )?(?:graphic|disturbing|distressing|explicit|upsetting|offensive|"
    r"sensitive)\b[^.!?]{0,100}[.!?]?|[^.!?]{0,120}[.!?]\s*(?:Viewer|Reader) discretion "
    r"(?:is )?advised[.!]?)|"
    r"(?:Viewer|Reader|Audience) discretion (?:is )?advised[.!]?|"
    # the closing credit: "CNN's Jane Doe contributed to this report."
    r".{0,150}\bcontributed (?:to )?(?:this |the )?(?:report|reporting|story)\.?)$",
    re.IGNORECASE,
)

# --- datelines and stray punctuation ------------------------------------------------

# "(CNN)", "(CNN) -- ", "LONDON, England (CNN) -- ", "WASHINGTON (Reuters) - ",
# "TAMPA, Fla. – ", "MANAMA, Bahrain – ". Only at the very start of a paragraph.
# Before an agency's name the place may be in title case too: "Sanaa, Yemen (CNN)",
# "Chao Hu, Anhui, China (CNN)". Wire copy puts the date between place and agency: "NEW
# YORK, Dec 9 (Reuters) - ", "KYIV, Ukraine, Jan. 5, 2025 (AP) — "; the agency in
# parentheses is still required, so prose that opens with a date keeps it.
_DATELINE_DATE = (
    r"(?:,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? \d{1,2}"
    r"(?:, \d{4})?)?"
)
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)*)?\s*)?[-–—―]+\s+"
    r"|^(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)*){0,2}"
    + _DATELINE_DATE + r"\s*)?"
    r"\((?:CNN|AP|AFP|Reuters|UPI|dpa|EFE|CNN Business|CNN Money)\)\s*(?:[-–—]+\s*)?"
    # a partner's tag glued to the first word: "(The Hollywood Reporter)Kanye West ..."
    r"|^\([A-Z][\w.&' -]{1,40}\)(?=[A-Z\"“])"
    # any outlet after a place in capitals, before a dash: "HONOLULU, Hawaii (HawaiiNewsNow) - "
    r"|^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)*)?" + _DATELINE_DATE
    + r"\s*\([A-Z][\w.&' -]{1,40}\)\s*[-–—]+\s*(?=[A-Z\"“])"
    # a news site's name as the dateline: "PanARMENIAN.Net - Verified video footage ..."
    r"|^[A-Z][\w-]*\.(?:[Nn]et|[Cc]om|[Oo]rg|NET|COM|ORG)\s+[-–—]+\s+(?=[A-Z\"“])"
)
_DATELINE_PLACE_ONLY = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)*)?\s+[-–—―]+\s+"
    # in title case ("New York – In his first speech", "WASHINGTON ― Democrats"), only
    # before a spaced long dash and a capital: a hyphen or a lower-case word is prose
    r"|^[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)? [–—―] (?=[A-Z\"“])"
)
# A full stop set off by a space after a word, with more text after it ("Kurt Cobain
# documentary set to premiere at Sundance . The album will ..."), is where a line without
# punctuation ended, a heading or a link, before the text was flattened onto one line (the
# CNN/Daily Mail corpus and many scrapers do this). It ends a paragraph and leaves the line
# unpunctuated, as it was. At the end of a paragraph it is a stray space ("Assad ."), mended
# by `clean_paragraph`; an ellipsis spelled ". . ." is neither. After a colon it ends a
# lead-in whose list or embed was lost ("the key things you need to know: . 1. The road"):
# the line keeps its colon, and reads as the heading it is, not as a sentence ending ":.".
# A list number after the mark goes with it ("Brazil . 2. Grace Bay"), as Punkt drops one
# inside a paragraph: "1. The road ..." is no way for a key point to open.
_LINE_END_MARK = re.compile(r" \.(?<=[\w:] \.)(?! ?\.)\s+(?:\d{1,2}\.\s+)?(?=\S)")
# ... and at a paragraph's end, once the space is gone: "And how:." -> "And how:".
_STOP_AFTER_COLON = re.compile(r"(?<=:)\.(?=\s|$)")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])(?=\s|$|[\"'”’])")
# An ellipsis, spaced or not, is one mark: "my pledge class ... wouldn't" is one sentence.
_ELLIPSIS = re.compile(r"(?<!\.)\.{3,}|(?<=\s)\.(?: \.){2}(?=\s|$)")
# An apostrophe set off by spaces inside a word, as some feeds' encoders leave it: "can ’ t".
# "I 'm" and "they 've" are the same seam with the space on one side only.
# (The pattern opens with the space, not a look-behind, so the engine skips to each space.)
_CONTRACTION_END = r"(?:s|t|re|ve|ll|d|m)\b"
_SPACED_APOSTROPHE = re.compile(  # replaced by its group: the spaced-out "’", or nothing
    rf" (?<=[A-Za-z] )(?:(’) (?={_CONTRACTION_END})|(?=['’]{_CONTRACTION_END}))"
)
# A closing quotation mark set off by a space after the sentence's end: 'his "wives. "'.
# (An opening mark is followed by its first word, not by a space or the end.)
_SPACED_CLOSING_QUOTE = re.compile(r" ([\"”])(?=\s|$)(?<=[.!?,] [\"”])")
_REPEATED_STOP = re.compile(r"([.!?])(?:\s*\.)+")
# A thousands separator set off by a space, as the same encoders leave it: "$430, 000",
# "2, 880 by 1, 800 pixels". Only a group of one to three digits can lead ("in 2013, 228
# concussions" is prose), and never a day after its month ("On March 3, 200 marched").
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:, \d{3})+(?!\d)")
_THOUSANDS_SEAM = re.compile(r", \d{3}(?!\d)")  # found fast: the pattern above is slow to scan
_MONTH_PREFIXES = frozenset(
    {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)
# An ellipsis left at either end of a sentence is the seam of a cut quotation.
_EDGE_ELLIPSIS = re.compile(r"^…\s*|(?<=[.!?\"”’])\s*…$")
# A line that goes on with a lower-case word: "to her", not "iPhone", "eBay", "www.x.com",
# "http://...".
_WRAPPED_LINE = re.compile(r"[a-z][a-z'’-]*(?=[\s,;]|[.!?]?$|[.!?]\s)")
# Any run of spaces is one, typographic ones too (no-break, hair, thin, ideographic: CMS text
# is full of them); zero-width spaces and stray byte-order marks go.
# (a single plain space is left alone: matching every space made this the costliest step)
_MULTISPACE = re.compile(
    r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}"
    r"|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
# A list item's bullet in plain text ("• The army said ...", "* Rangers 12, Athletics 9:
# ..."): the item is a paragraph of its own, its bullet no part of what it says ("* * *",
# a section break, is not a bullet before text).
_BULLET = re.compile(r"^[*•·▪‣◦●]\s*(?=[\w\"“‘(])")
# What `_MULTISPACE` needs to find anything: two plain spaces, or a space of another kind.
# Most paragraphs have neither, and finding that out is a third of the cost of the pattern.
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def _fix_guillemets(text: str) -> str:
    """Mend a » or « that has no partner: it is copy-and-paste noise, not a quotation.

    A lone closing » after an unclosed “ stands for the missing ”; any other is dropped.
    The first surplus » are mended (as many as “ are unclosed), the next dropped; of
    surplus «, the last ones (the unclosed) are dropped. One pass each, whatever the
    number of marks: a paragraph of thousands of them must not cost their square.
    """
    surplus = text.count("»") - text.count("«")
    if surplus > 0:
        mended = min(surplus, max(0, text.count("“") - text.count("”")))
        marks = iter(["”"] * mended + [""] * (surplus - mended))
        text = re.sub(r"\s*»", lambda _: next(marks), text, count=surplus)
    surplus = text.count("«") - text.count("»")
    if surplus > 0:
        pieces = text.split("«")
        kept = len(pieces) - 1 - surplus  # the first marks have partners; the rest go
        tail = [piece.lstrip() for piece in pieces[kept + 1 :]]
        text = "«".join(pieces[: kept + 1]) + "".join(tail)
        text = text.rstrip()
    return text


def is_caption_or_credit(paragraph: str) -> bool:
    """True for a photo caption, a picture credit, a byline or a boilerplate line."""
    p = paragraph.strip()
    if not p:
        return True
    # (the credit pattern is tried only where it can match: a closing bracket at the end)
    if len(p) < 400 and p.rstrip(" .").endswith(")") and _TRAILING_CREDIT.search(p):
        return True
    if _CAPTION_START.match(p):
        return True
    if _BYLINE.match(p) and len(p.split()) <= 12:
        return True
    return bool(_BOILERPLATE.match(p))


def _mend_thousands(match: re.Match[str]) -> str:
    """ "$430, 000" -> "$430,000", unless the number follows a month ("March 3, 200")."""
    before = match.string[max(0, match.start() - 12) : match.start()].split()
    if before and before[-1][:3].lower() in _MONTH_PREFIXES:
        return match.group()
    return match.group().replace(", ", ",")


def clean_paragraph(paragraph: str) -> str:
    """Normalise one paragraph: dateline off, stray punctuation and spacing fixed."""
    p = unicodedata.normalize("NFC", paragraph)
    p = p.replace("\u200b", "").replace("\ufeff", "").replace("\n", " ")  # zero-width: gone
    if "  " in p or _ODD_SPACE.search(p):
        p = _MULTISPACE.sub(" ", p)
    p = p.strip()
    p = _BULLET.sub("", p, count=1) if p[:1] in "*•·▪‣◦●" else p
    p = _DATELINE.sub("", p, count=1) if _DATELINE.match(p) else p
    p = _DATELINE_PLACE_ONLY.sub("", p, count=1)
    if "..." in p or ". . ." in p:
        p = _ELLIPSIS.sub("…", p)
    if " ’" in p or " '" in p:
        p = _SPACED_APOSTROPHE.sub(r"\1", p)
    if ' "' in p or " ”" in p:
        p = _SPACED_CLOSING_QUOTE.sub(r"\1", p)
    p = _SPACE_BEFORE_PUNCT.sub(r"\1", p)
    p = _REPEATED_STOP.sub(r"\1", p)
    p = _STOP_AFTER_COLON.sub("", p) if ":." in p else p
    if _THOUSANDS_SEAM.search(p):
        p = _SPACED_THOUSANDS.sub(_mend_thousands, p)
    p = _fix_guillemets(p)
    return p.strip()


def iter_paragraphs(text: str) -> Iterator[str]:
    """The article's paragraphs, cleaned, without captions, credits, bylines or boilerplate,
    one at a time (a reader that needs only the first few stops paying for cleaning there).

    Paragraphs are separated by blank lines; a text with single line breaks only (as many
    feeds and pastes have) treats each line as a paragraph. A paragraph that opens with a
    lower-case word continues one that ends without a full stop: the break was a hard wrap
    or a ``<br>`` ("... has taken" / "to her Instagram page ..."), not a new paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", text) if "\n\n" in text else text.split("\n")
    pending: list[str] = []  # the lines of the paragraph being gathered
    for block in (piece for b in blocks for piece in _LINE_END_MARK.split(b)):
        if is_caption_or_credit(block):
            continue
        cleaned = clean_paragraph(block)
        if not cleaned or is_caption_or_credit(cleaned):
            continue
        # only the last line decides: testing the whole gathered paragraph is quadratic
        if pending and is_heading(pending[-1]) and _WRAPPED_LINE.match(cleaned):
            pending.append(cleaned)
            continue
        if pending:
            yield " ".join(pending)
        pending = [cleaned]
    if pending:
        yield " ".join(pending)


def paragraphs(text: str) -> list[str]:
    """All of `iter_paragraphs`."""
    return list(iter_paragraphs(text))


def clean_text(text: str) -> str:
    """The article as the summarizer reads it: its cleaned paragraphs, blank-line separated.

    The one cleaning path: `sentences` splits exactly this text, and `briefing read` prints
    it, so what `read` shows is what a build summarises (no caption, credit or byline).
    A cleaned paragraph holds no line break, so the blank lines give the paragraphs back.
    """
    return "\n\n".join(iter_paragraphs(text))


# --- sentences -------------------------------------------------------------------------

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
    return bool(_COUNTRY_INITIALS_END.search(before) and _TITLE_AFTER_INITIALS.match(after))


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
# MORE: Mixed fortunes ...'): its label starts a sentence, which `_BOILERPLATE` then drops.
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


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph (a paragraph break always ends a sentence).

    Punkt's cuts are mended where they cannot be right: a piece that starts with a lower-case
    word continues the one before, a piece of initials alone starts the one after,
    "U.N." or "U.S." before a title ("Ambassador") keeps it (`_title_after_initials`), and
    so does a name before its initials in brackets ("LLC. (ASG), who"); no sentence ends
    inside brackets (`_inside_brackets`).
    """
    spans: list[list[int]] = []
    for start, end in _nupunkt()(paragraph):
        piece = paragraph[start:end].strip()
        if not piece:
            continue
        before = _tail(paragraph, *spans[-1]) if spans else ""
        whole = bool(spans) and spans[-1][1] - spans[-1][0] <= _TAIL  # `before` is all of it
        if before and (
            _LOWER_START.match(piece) or (whole and _INITIALS.match(before))
            or _TITLE_END.search(before) or _inside_short_quote(before, piece)
            or _title_after_initials(before, piece) or _BRACKETED_INITIALS.match(piece)
            or _inside_brackets(before, piece)
        ):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [cut for a, b in spans for cut in _missed_cuts(paragraph[a:b].strip())]


_CLOSING_PUNCTUATION = re.compile(r"[.!?…][\"'”’)\]\s]*$")


def is_heading(sentence: str) -> bool:
    """True for a line that does not end as a sentence does: a heading, a link, a teaser
    cut short, a lead-in ending with a colon. Such a line names a topic or announces what
    follows; it does not state the news."""
    return not _CLOSING_PUNCTUATION.search(sentence)


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
    r"sad|tragic|strange|odd|curious|remarkable|surprising|unsurprising|no surprise|little "
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
            s = _fix_guillemets(s)
            s = _EDGE_ELLIPSIS.sub("", s) if "…" in s else s
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
