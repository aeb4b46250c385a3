"""Who is in an article (people, organisations, places) and who said what.

Method: rules, not a statistical model. A named-entity model would mean either a model
download at run time (refused: see DESIGN.md, "Offline") or a heavy wheel, for a task
where news English is regular enough that rules do well and, above all, can say why:

- **Names** are runs of capitalised words ("Michael Erik Kurilla", "U.S. Air Force"),
  allowed to contain "of"/"al"/"bin"-style connectors ("Secretary of State"), and all-caps
  acronyms ("CENTCOM"). Words with digits ("B-52s") are not names.
- **Not names**: stop words and date words ("The", "Sunday", "December"), nationality
  adjectives ("Syrian"), and a capitalised first word of a sentence unless the same word is
  capitalised somewhere else in the text, is an acronym, or is in the gazetteer
  ("Specifically", "Damage" drop; "Blinken noted" stays).
- **Titles** ("General", "Secretary of State", "President") are folded off the name and
  make it a person; the title is remembered so that "the secretary of state said" can be
  resolved to the person who holds it.
- **One actor, many names**: a surname alone is the full name it ends
  ("Blinken" -> "Antony Blinken"); "Long Name (ACRONYM)" joins both, under the form used
  more often; gazetteer aliases join ("U.S." -> "United States").
- **Kinds** come from the gazetteer (`defaults/gazetteer.txt`: countries, major places,
  well-known organisations, nationality adjectives; written for this project), then from
  the words a name ends in ("Command", "Ministry" -> organisation; "Province",
  "River" -> place), then titles and name shape (two to four name-like words -> person).
- **Quotes** are spans in quotation marks of three words or more. The speaker is found,
  in this order, after the quote (`"...," said X`, `"..." X said`, `"...," he said`),
  before it (`X said (that) "..."`, `according to X, "..."`), and for a sentence that is
  a quote and nothing else, the speaker of the quote in the sentence before (a
  continuation). Otherwise the speaker is None: better unknown than wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from briefing.model import Actor, Quote  # noqa: F401  (re-exported: the API of this module)

# --- word lists ----------------------------------------------------------------------------


def _word_set(text: str, sep: str | None = None) -> frozenset[str]:
    """A frozen set of the words of `text` (split on `sep`, or on whitespace)."""
    return frozenset(w.strip() for w in text.split(sep) if w.strip())


_STOP = _word_set(
    """a an the this that these those there here it its he she they we you i me my our your
    his her their them us who what when where why how which while after before during since
    until as at by for from in into of on onto over under with without within about against
    between among through across and or but nor so yet if then than though although because
    also all any both each every few many more most much no not none some such only just even
    still yet again already however meanwhile moreover specifically additionally instead
    indeed finally first second third last next later earlier today tonight yesterday tomorrow
    now once perhaps maybe please thanks yes according despite following amid among per via
    mr mrs ms one two three four five six seven eight nine ten eleven twelve twenty hundred
    thousand million billion dozens"""
)
_DATE_WORDS = _word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec"""
)
# Title words folded into a person's name; the longest match is tried first.
_TITLES = tuple(
    sorted(
        _word_set(
            """General|Gen.|Lt. Gen.|Lieutenant General|Major General|Maj. Gen.|Brig. Gen.|
            Admiral|Adm.|Vice Admiral|Rear Admiral|Colonel|Col.|Lt. Col.|Lieutenant|Lt.|
            Captain|Capt.|Major|Sergeant|Sgt.|Corporal|Cpl.|Private|Commander|Cmdr.|
            President|Vice President|Prime Minister|Deputy Prime Minister|Minister|
            Foreign Minister|Defense Minister|Defence Minister|Interior Minister|
            Finance Minister|Secretary|Secretary of State|Secretary of Defense|Defense Secretary|
            Secretary-General|Secretary General|Foreign Secretary|Home Secretary|
            Treasury Secretary|Chancellor|Senator|Sen.|Representative|Rep.|Congressman|
            Congresswoman|Governor|Gov.|Mayor|Ambassador|Envoy|Special Envoy|Chairman|
            Chairwoman|Chair|Speaker|Leader|Majority Leader|Minority Leader|King|Queen|Prince|
            Princess|Crown Prince|Emir|Sheikh|Pope|Cardinal|Bishop|Archbishop|Rabbi|Imam|Rev.|
            Reverend|Judge|Justice|Chief Justice|Attorney General|Director|Deputy Director|
            Commissioner|Inspector|Detective|Officer|Constable|Chief|Dr.|Prof.|Professor|Mr.|
            Mrs.|Ms.|Sir|Dame|Lord|Lady|Spokesman|Spokeswoman|Spokesperson|CEO|
            Chief Executive""",
            "|",
        ),
        key=lambda t: (-len(t), t),
    )
)
_TITLE_SET = frozenset(t.replace(".", "") for t in _TITLES)


def _titles_by_first_word() -> MappingProxyType[str, tuple[tuple[str, int], ...]]:
    """Each title without its dots and its size in words, under its first word, in the
    longest-first order of `_TITLES`: `_split_title` runs for every name mention, and only
    the titles whose first word is the name's first word can open it, so it tries those
    (a few) rather than all of them, and none is rewritten per call."""
    grouped: dict[str, list[tuple[str, int]]] = {}
    for title in _TITLES:
        bare = title.replace(".", "")
        grouped.setdefault(bare.split()[0], []).append((bare, len(bare.split())))
    return MappingProxyType({first: tuple(ts) for first, ts in grouped.items()})


_TITLES_BY_FIRST = _titles_by_first_word()
# Abbreviations after which ". " does not end a name: "Gen. Michael Kurilla".
_ABBREV = _word_set(
    "Gen Lt Maj Brig Adm Col Capt Sgt Cpl Cmdr Dr Mr Mrs Ms Prof Rev Rep Sen Gov St"
)
# Last words that make a name an organisation, or a place.
_ORG_WORDS = _word_set(
    """Command Department Ministry Council Committee Agency Army Navy Force Forces Party
    University Bank Inc Inc. Corp Corp. Corporation Company Co. Group Association Court
    Administration Office Service Services Commission Organization Organisation Authority
    Institute Foundation Fund Union League Times Post News Network Club Church Hospital School
    College Guard Police Brigade Battalion Regiment Front Movement Coalition Alliance Parliament
    Assembly Cabinet Senate Congress Board Bureau Center Centre Airlines Airways Motors Systems
    Technologies Labs Studios Media Press Trust Federation Ltd Ltd. LLC PLC Holdings Partners
    Reserve Corps Fleet Squadron Division Unit Team Klan Tribe Nation"""
)
_PLACE_WORDS = _word_set(
    """Province County City River Island Islands Valley Street Avenue Square Park Airport Bay
    Lake Sea Ocean Desert Region District Strait Peninsula Heights Canal Mountains Hills Coast
    Border Gulf Port Harbor Harbour Base Camp Village Town Governorate Oblast Prefecture
    Territory Reservation Country"""
)
_CONNECTORS = _word_set("of de del della da das do dos du la le al el bin ibn van von der den")
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

# A word: an abbreviation like "U.S." or a run of letters with inner ' - & . (no digits).
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w'’&.-]*[^\W_])?")
# A mark after which the next word opens a sentence, a clause or an aside (one search per
# word of a text, where a test of each mark in turn cost as much as finding the words).
_CLAUSE_OPENER = re.compile(r"[.!?:;(]")
# The marks that open or close a quotation: `_spans` visits these, not every character.
_QUOTE_MARK = re.compile('[“”"]')
# Nationality and creed words not in the gazetteer: "Alawite", "Salafist", "Beninese".
_ADJECTIVE_SHAPE = re.compile(r"[A-Z][a-z]+(?:ist|ists|ian|ians|ese|ish)")
# A word shaped like a person's name: "Blinken", "Ould-Abdallah", "al-Assad".
_NAME_WORD = re.compile(r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?|al-[A-Z][a-z]+")


# --- gazetteer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Gazetteer:
    names: MappingProxyType[str, tuple[str, str]]  # surface form -> (canonical name, kind)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The shipped gazetteer, read once (it is immutable)."""
    text = resources.files("briefing").joinpath("defaults/gazetteer.txt").read_text("utf-8")
    names: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        kind, _, rest = line.partition(":")
        forms = [f.strip() for f in rest.split("|") if f.strip()]
        if kind.strip() == "adjective":
            for f in forms:
                names[f] = (f, "adjective")
        elif forms:
            for f in forms:
                names.setdefault(f, (forms[0], kind.strip()))
    return _Gazetteer(MappingProxyType(names))


def common_word(word: str) -> bool:
    """A capitalised word that is never part of a name: a stop word opening a sentence
    ("In", "The") or a date word ("Tuesday", "March")."""
    return word.lower() in _STOP or word.lower() in _DATE_WORDS


def name_kind(name: str) -> str:
    """The kind this module gives a name read on its own: "person", "organization",
    "place" or "other" (a leading title makes a person; then the gazetteer; then the words
    it ends in and its shape: "Michael Jordan" is a person, "Jordan" a place)."""
    words = name.split()
    title, used = _split_title(words)
    if title and used < len(words):
        return "person"
    known = _gazetteer().names.get(name)
    if known and known[1] != "adjective":
        return known[1]
    return _shape_kind(name, titled=False)


def gazetteer() -> MappingProxyType[str, tuple[str, str]]:
    """Every name of the shipped gazetteer -> (canonical name, kind): "place",
    "organization" or "adjective" (desks match places and watch terms through it)."""
    return _gazetteer().names


# --- mentions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    sentence: int
    start: int  # character offsets of the name as written (title excluded)
    end: int
    surface: str  # the name as written, without title
    title: str  # a title folded off, or ""


def _is_cap(word: str) -> bool:
    """A capitalised name word or an acronym; "al-Assad" counts, "B-52s" does not."""
    if any(map(str.isdigit, word)):  # map: no generator frame, on every word of a text
        return False
    if word[:3] in ("al-", "el-") and len(word) > 3:
        word = word[3:]
    return word[:1].isupper()


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word.rstrip("'’")


def _initial_positions(sentence: str, words: list[re.Match[str]]) -> set[int]:
    """Indexes of words that open the sentence, a clause after a colon, or a quotation."""
    out = set()
    for k, m in enumerate(words):
        before = sentence[words[k - 1].end() if k else 0 : m.start()]
        opens_quote = "“" in before or (
            '"' in before and (k == 0 or before[:1].isspace())  # a closing " follows a word
        )
        if k == 0 or opens_quote or _CLAUSE_OPENER.search(before):
            out.add(k)
    return out


def _runs(sentence: str) -> list[tuple[list[re.Match[str]], bool]]:
    """Runs of capitalised words (with connectors inside), each with "starts the sentence"."""
    words = list(_WORD.finditer(sentence))
    initial = _initial_positions(sentence, words)
    runs: list[tuple[list[re.Match[str]], bool]] = []
    k = 0
    while k < len(words):
        if not _is_cap(words[k].group()):
            k += 1
            continue
        run = [words[k]]
        j = k + 1
        while j < len(words):
            gap = sentence[run[-1].end() : words[j].start()]
            abbreviation = gap == ". " and run[-1].group() in _ABBREV
            if (gap != " " and not abbreviation) or run[-1].group().endswith(("'s", "’s")):
                break
            w = words[j].group()
            if _is_cap(w):
                run.append(words[j])
                j += 1
            elif w in _CONNECTORS:
                # "Secretary of State", "Felix von der Osten": connectors, then a name word
                end = j
                while end < len(words) and words[end].group() in _CONNECTORS:
                    end += 1
                spaced = all(
                    sentence[words[x].end() : words[x + 1].start()] == " "
                    for x in range(j, min(end, len(words) - 1))
                )
                if end < len(words) and spaced and _is_cap(words[end].group()):
                    run.extend(words[j : end + 1])
                    j = end + 1
                else:
                    break
            else:
                break
        runs.append((run, k in initial))
        k = j
    return runs


def _split_title(tokens: list[str]) -> tuple[str, int]:
    """A leading title and how many tokens it takes ("Secretary of State Antony ..." -> 3)."""
    if not tokens:
        return "", 0
    joined = " ".join(tokens).replace(".", "")
    # a token has no space, so a title that opens `joined` has the first token's first word
    for bare, size in _TITLES_BY_FIRST.get(tokens[0].replace(".", ""), ()):
        if joined.startswith(bare + " ") and size < len(tokens):
            return bare, size
    return "", 0


def _mentions(sentences: Sequence[str]) -> list[_Mention]:
    """Every name mention, cleaned of stop words, dates, titles and possessives."""
    gaz = _gazetteer().names
    raw: list[tuple[int, list[re.Match[str]], bool]] = []
    capitalised_inside: set[str] = set()  # words seen capitalised not at a sentence start
    for s_index, sentence in enumerate(sentences):
        for run, initial in _runs(sentence):
            raw.append((s_index, run, initial))
            for pos, m in enumerate(run):
                if pos or not initial:
                    capitalised_inside.add(_strip_possessive(m.group()))
    out = []
    for s_index, run, initial in raw:
        toks = list(run)
        # cut at a possessive: "ISIS's operational" -> "ISIS"
        for pos, m in enumerate(toks):
            if m.group().endswith(("'s", "’s")):
                toks = toks[: pos + 1]
                break
        # drop stop and date words at either end, and a common word opening the sentence
        while toks and (toks[0].group().lower() in _STOP or toks[0].group().lower() in _DATE_WORDS):
            toks = toks[1:]
            initial = False
        while toks and (
            toks[-1].group().lower() in _DATE_WORDS or toks[-1].group().lower() in _CONNECTORS
        ):
            toks = toks[:-1]
        if toks and initial:
            first = _strip_possessive(toks[0].group())
            known = first in gaz or first.isupper() or first.replace(".", "") in _TITLE_SET
            if not known and first not in capitalised_inside:
                toks = toks[1:]
        if not toks:
            continue
        words = [_strip_possessive(m.group()) for m in toks]
        # a nationality adjective before a title: "Russian President Vladimir Putin"
        while len(words) > 1 and gaz.get(words[0], ("", ""))[1] == "adjective":
            title, used = _split_title(words[1:])
            if not title:
                break
            words, toks = words[1:], toks[1:]
        title, used = _split_title(words)
        words, toks = words[used:], toks[used:]
        if not words:
            continue
        surface = " ".join(words)
        if gaz.get(surface, ("", ""))[1] == "adjective":
            continue
        if len(words) == 1 and surface not in gaz and _ADJECTIVE_SHAPE.fullmatch(surface):
            continue  # "Tibetan", "Maoist": an adjective or a group, not an actor
        if len(words) == 1 and surface.lower() in _STOP | _DATE_WORDS:
            continue
        out.append(
            _Mention(s_index, toks[0].start(), toks[-1].start() + len(words[-1]), surface, title)
        )
    return out


# --- one actor, many names -----------------------------------------------------------------


def _shape_kind(surface: str, titled: bool) -> str:
    words = surface.split()
    if titled:
        return "person"
    if surface.replace(".", "").isupper() and len(surface.replace(".", "")) >= 2:
        return "organization"
    if words[-1] in _ORG_WORDS or words[0] in _ORG_WORDS and "of" in words:
        return "organization"
    if words[-1] in _PLACE_WORDS or words[0] in ("Mount", "Mt.", "Lake", "Cape", "Fort"):
        return "place"
    name_like = all(
        _NAME_WORD.fullmatch(w) or w in _CONNECTORS
        for w in words
    )
    adjective = _ADJECTIVE_SHAPE.fullmatch(words[0]) or words[0] in _gazetteer().names
    if 2 <= len(words) <= 4 and name_like and not adjective:
        return "person"
    return "other"


def _resolve(mentions: Sequence[_Mention]) -> tuple[dict[str, str], dict[str, str]]:
    """Map each surface form to a canonical name, and each canonical name to its kind."""
    gaz = _gazetteer().names
    canon: dict[str, str] = {}
    kind: dict[str, str] = {}
    titled = {m.surface for m in mentions if m.title}
    surfaces = list(dict.fromkeys(m.surface for m in mentions))
    for s in surfaces:
        if s in gaz:
            canon[s], kind[gaz[s][0]] = gaz[s][0], gaz[s][1]
    # surname -> the one longer person name it ends ("Blinken" -> "Antony Blinken")
    multi = [s for s in surfaces if len(s.split()) > 1 and s not in canon]
    for s in surfaces:
        if s in canon or len(s.split()) != 1:
            continue
        bare = s[3:] if s[:3] in ("al-", "el-") else s
        fulls = {
            f
            for f in multi
            if f.split()[-1] in (s, "al-" + bare, "el-" + bare)
            and _shape_kind(f, f in titled) == "person"
        }
        if len(fulls) == 1:
            canon[s] = fulls.pop()
    for s in surfaces:
        canon.setdefault(s, s)
    for s in surfaces:
        c = canon[s]
        if c not in kind:
            kind[c] = _shape_kind(c, c in titled or s in titled)
        elif s in titled:
            kind[c] = "person" if kind[c] == "other" else kind[c]
    return canon, kind


def _acronyms(sentences: Sequence[str], mentions: Sequence[_Mention]) -> dict[str, str]:
    """ "US Central Command (CENTCOM)": the acronym and the long name are one actor."""
    pairs = {}
    by_end = {(m.sentence, m.end): m for m in mentions}
    for m in mentions:
        if m.surface.replace(".", "").isupper():
            sentence = sentences[m.sentence]
            if (
                sentence[max(0, m.start - 1) : m.start] == "("
                and sentence[m.end : m.end + 1] == ")"
            ):
                long = by_end.get((m.sentence, m.start - 2))
                if long is not None:
                    pairs[long.surface] = m.surface
    return pairs


_Analysis = tuple[list[_Mention], dict[str, str], dict[str, str]]


def _analyse(sentences: Sequence[str]) -> _Analysis:
    """Mentions, surface -> actor name, actor name -> kind."""
    mentions = _mentions(sentences)
    canon, kind = _resolve(mentions)
    counts = Counter(canon[m.surface] for m in mentions)
    for long, short in _acronyms(sentences, mentions).items():
        a, b = canon[long], canon[short]
        if a == b:
            continue
        keep, drop = (a, b) if counts[a] > counts[b] else (b, a)
        if kind.get(keep) == "other":
            kind[keep] = kind.get(drop, "other")
        for s, c in canon.items():
            if c == drop:
                canon[s] = keep
        counts[keep] += counts.pop(drop)
    return mentions, canon, kind


def find_actors_and_quotes(
    sentences: Sequence[str],
) -> tuple[tuple[Actor, ...], tuple[Quote, ...]]:
    """``find_actors`` and ``find_quotes`` of one text, analysing its names once."""
    analysis = _analyse(sentences)
    return _actors(analysis), _quotes(sentences, analysis)


def find_actors(sentences: Sequence[str]) -> tuple[Actor, ...]:
    """The people, organisations and places named, most mentioned first."""
    return _actors(_analyse(sentences))


def _actors(analysis: _Analysis) -> tuple[Actor, ...]:
    mentions, canon, kind = analysis
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n, m in enumerate(mentions):
        name = canon[m.surface]
        counts[name] += 1
        first.setdefault(name, n)
    order = sorted(counts, key=lambda a: (-counts[a], first[a]))
    return tuple(Actor(a, kind.get(a, "other"), counts[a]) for a in order)


# --- quotes --------------------------------------------------------------------------------


def _spans(sentence: str, inside: bool) -> tuple[list[tuple[int, int, str]], bool]:
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
    return _quotes(sentences, _analyse(sentences))


def _quotes(sentences: Sequence[str], analysis: _Analysis) -> tuple[Quote, ...]:
    mentions, canon, kind = analysis
    by_sentence: dict[int, list[_Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    holders = {m.title.lower(): canon[m.surface] for m in mentions if m.title}

    def speaker_of(m: _Mention) -> str | None:
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
        spans, inside = _spans(sentence, inside)
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
    sentence: str, end: int, here: Sequence[_Mention], speaker_of: Callable[[_Mention], str | None]
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
    here: Sequence[_Mention],
    speaker_of: Callable[[_Mention], str | None],
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


def known_kind(name: str) -> str | None:
    """The gazetteer's kind for a name ("place", "organization" or "adjective"), or None."""
    entry = _gazetteer().names.get(name)
    return entry[1] if entry else None
