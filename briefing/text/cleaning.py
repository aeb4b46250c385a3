"""Cleaning: an article's text as the summarizer reads it.

Cleaning removes what a reader of a briefing must never see as a "key point": photo
captions and credits, bylines, datelines, "Read more" and "Advertisement" lines, and
stray punctuation left by copy-and-paste. It works paragraph by paragraph (a caption is
its own paragraph in almost every source), then sentence by sentence (`sentences.py`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

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
    # a podcast's show-notes footer, under every episode: its publisher's ("For more
    # information on today's episode, visit nytimes.com/thedaily.", "Transcripts of each
    # episode will be made available ...", "Unlock full access to New York Times podcasts
    # ...") and its host's ("Hosted on Acast. See acast.com/privacy for more information.",
    # "See omnystudio.com/listener for privacy information.", "Learn more about your ad
    # choices. Visit megaphone.fm/adchoices")
    r"For more information (?:on|about) (?:today's|today’s|this|the) episode\b.{0,120}|"
    r"Transcripts? (?:of|for) (?:each|every|this|today's|today’s) episode\b.{0,120}|"
    r"Unlock full access to\b.{0,200}|"
    r"(?:Hosted on [\w ]{1,30}\.\s*)?See [\w.-]+\.(?:com|fm|net)/(?:listener|privacy|adchoices)"
    r"\b.{0,60}|"
    r"Learn more about your ad choices\b.{0,60}|"
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
# The agency a dateline credits, "(CNN)America may…", "LONDON, England (Reuters) -- …":
# cleaning takes the dateline off, and with it the only place some corpora and pastes name
# their outlet (see `credited_outlet`). The same places and dates as `_DATELINE`'s agency
# form, at the very start of the text only.
_AGENCIES = ("CNN Business", "CNN Money", "CNN", "AP", "AFP", "Reuters", "UPI", "dpa", "EFE")
_WIRE_CREDIT = re.compile(
    r"^(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)*){0,2}"
    + _DATELINE_DATE + r"\s*)?\((" + "|".join(_AGENCIES) + r")\)"
)


def credited_outlet(text: str) -> str:
    """The news agency or network the text's opening dateline credits ("CNN" for
    "(CNN)America may…", "Reuters" for "LONDON (Reuters) - …"), or "" if it opens with
    none: the outlet of an article whose source names none."""
    found = _WIRE_CREDIT.match(text.lstrip())
    return found.group(1) if found else ""


_DATELINE_PLACE_ONLY = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)*)?\s+[-–—―]+\s+"
    # the long dash glued to the lead ("WASHINGTON ―House Majority Whip ...", as HuffPost
    # prints it): a space before the dash and a capitalised word after it; with no space
    # on either side ("U.S.–China trade") the dash joins a compound, which is prose
    r"|^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Z][\w.]*(?: [A-Z][\w.]*)*)? [–—―](?=[\"“]?[A-Z][a-z])"
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
EDGE_ELLIPSIS = re.compile(r"^…\s*|(?<=[.!?\"”’])\s*…$")
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


_CLOSING_GUILLEMET = re.compile(r"\s*»")  # and the spaces before it


def fix_guillemets(text: str) -> str:
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
        text = _CLOSING_GUILLEMET.sub(lambda _: next(marks), text, count=surplus)
    surplus = text.count("«") - text.count("»")
    if surplus > 0:
        pieces = text.split("«")
        kept = len(pieces) - 1 - surplus  # the first marks have partners; the rest go
        tail = [piece.lstrip() for piece in pieces[kept + 1 :]]
        text = "«".join(pieces[: kept + 1]) + "".join(tail)
        text = text.rstrip()
    return text


_CLOSING_PUNCTUATION = re.compile(r"[.!?…][\"'”’)\]\s]*$")


def is_heading(sentence: str) -> bool:
    """True for a line that does not end as a sentence does: a heading, a link, a teaser
    cut short, a lead-in ending with a colon. Such a line names a topic or announces what
    follows; it does not state the news."""
    return not _CLOSING_PUNCTUATION.search(sentence)



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
    p = fix_guillemets(p)
    return p.strip()


# Wiki markup that a wiki page saved as plain text keeps, one line each (Wikinews' texts
# have galleries, picture boxes and match-report templates): a table, gallery or template
# row opening with "|" (or a table's "{|"), a file link with its caption ("File:x.jpg|…"),
# a template opening with its first parameter ("picture select|width=500px") and a
# template's parameter on a line of its own ("stadium = Park Lane | attendance= 1,200").
# A file link may follow the name a scrape gives a picture it could not fetch ("missing
# image|File:x.jpg|thumb|…", "image:" in lower case at times): a picture box all the same.
# Prose never opens a line so; a bar inside a line of prose is the writer's.
_WIKI_MARKUP_LINE = re.compile(
    r"[ \t]*(?:\{?\||(?:[A-Za-z][\w -]{0,40}\|[ \t]*)?(?i:file|image):[^|\n]*\|"
    r"|[A-Za-z][\w -]{0,40}\|[ \t]*\w+[ \t]*="
    r"|[a-z][a-z0-9_]*[ \t]*=)"
)
_TEMPLATE_NAME_WORDS = 3  # "multiple image", "Footballbox-ver": the name above its rows


def _without_wiki_markup(block: str) -> str:
    """``block`` without its lines of wiki markup (`_WIKI_MARKUP_LINE`), and without the
    short unpunctuated line right above such a line: the template's name."""
    kept: list[str] = []
    for line in block.split("\n"):
        if _WIKI_MARKUP_LINE.match(line):
            name = kept[-1].split() if kept else []
            if name and len(name) <= _TEMPLATE_NAME_WORDS and is_heading(kept[-1]):
                kept.pop()
            continue
        kept.append(line)
    return "\n".join(kept)


_BLANK_LINE = re.compile(r"\n\s*\n")  # what separates paragraphs (compiled once: per article)


def iter_paragraphs(text: str) -> Iterator[str]:
    """The article's paragraphs, cleaned, without captions, credits, bylines or boilerplate,
    one at a time (a reader that needs only the first few stops paying for cleaning there).

    Paragraphs are separated by blank lines; a text with single line breaks only (as many
    feeds and pastes have) treats each line as a paragraph. A paragraph that opens with a
    lower-case word continues one that ends without a full stop: the break was a hard wrap
    or a ``<br>`` ("... has taken" / "to her Instagram page ..."), not a new paragraph.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "|" in text or "=" in text:
        text = _without_wiki_markup(text)
    blocks = _BLANK_LINE.split(text) if "\n\n" in text else text.split("\n")
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
