"""Key points that stand alone: what leaves a sentence hanging when it is read by itself.

A briefing shows each key point alone, under a theme, far from the sentences around it in
its article. A sentence that opens by pointing back ("She was the second…", "But the
militants…", "That was the big twist…", "The comedian made the announcement…") makes no
sense there. ``dangling`` says whether, and why, a point opens that way. Its rules are
general English, not tuned to any data set:

* a **connective** that links to the sentence before: a coordinator ("But", "And", "So",
  "Yet", "Or", "Nor"), a sentence adverb ("However", "Specifically", "Meanwhile", "Also",
  "Instead", …), a linking phrase ("In addition", "As a result", "On the other hand", …),
  or a preposition whose object points back ("Despite this", "After that", "Because of it");
* a third-person **pronoun** ("He", "Her", "Their", "Both he and…", "Many of them"),
  except the "it" of extraposition and clefts ("It is unclear whether…", "It was Smith
  who…"), which refers to nothing;
* a **demonstrative** ("This", "These groups", "That was…", "Such", "Here", and "There"
  unless existential: "There were…"), and "Another", "Others", "The latter", "The same";
* a **definite back-reference**: "The" before a role noun (a person named by occupation,
  office, kinship, age or sex: "The comedian", "The 27-year-old", "The two men") that
  nothing after it identifies (a name in apposition, "of …", "who …"); and "The" before a
  noun that retells the news as the subject of its verb ("The blast shattered…", "The
  company said…", "The deal, which…": ``TELLING_NOUNS``, ``definite_thing``), and a day's
  possessive before one ("Today's announcement also…", "Tuesday's attack killed…");
* the **first person** outside a quotation ("I was finishing my studies…", "We went to
  Jordan.", "…and let's talk about race."): the writer of an essay or a letter, whom a
  briefing's reader never met; a sentence that opens with a quotation mark ("We will not
  stop," she said) is the quoted speaker's, and named beside it; a capital "My" or "Our"
  inside a sentence is a title's or a name's ("Follow Me Down");
* the **second person** at the opening ("You feel like a stranger in a foreign place.",
  "In case you live in Delhi, chances are…"), and **the reader addressed** anywhere in
  the writer's own words ("Pakistan needs your help."; not after a reporting verb, not in
  an article's first sentence, whose "you" is a rule's generic one): a feature's or an
  essay's writer speaking to its reader. No sentence shown before these says who "I" or
  "you" is, so none is shown with one (``briefing.mending``);
* any of these after a fronted adverbial ("On Friday, he said…", "In a statement, the
  spokesman…") when the adverbial names no one the pronoun could refer to;
* a **quotation** opening the point, said by a pronoun ('"The damage is done," she
  said.') or by no one (the point is the quotation: ``quoted_speaker``);
* a **fragment** that opens with "Not" and has no verb ("Not the federal government or
  Congress."): what is not, of a sentence before it (``elliptical``);
* a **short sentence that ends on an object pronoun** ("People are actually buying it.",
  "The Vatican today confirmed this."): in so few words the thing meant is not named
  (``trailing_object``);
* anywhere in the point, an **event** named only by a general noun ("…as a result of the
  incident", "…flew in for the event": ``EVENT_NOUNS``, ``event_reference``) that nothing
  in the point tells of.

Where each rule is: ``connective`` (with ``relative_time``: "Six hours later,"); ``_at``
for what opens a clause (a pronoun, unless ``_expletive_it``; a demonstrative; a
back-reference; ``definite_role`` for "The comedian", ``definite_thing`` for "The
blast"); ``_after_fronted`` for a fronted
adverbial and the clause after it; ``_opening`` ties them together, with the quick
rejections that keep most sentences cheap and "News of her death…" (a possessive of no
one named); then ``_first_person`` and ``_second_person``. The word lists these share with
``briefing.referents`` and ``briefing.mending`` are in ``briefing.words``.

A word followed by an insertion in square brackets ("He [Lloyd J. Austin III]",
"[T]he") has been resolved and does not dangle: that is how ``summarize`` mends a point.
A named institution ("The United Nations said…", "The European Central Bank raised…")
stands alone, and so do nouns outside ``TELLING_NOUNS`` ("The rain also soaked…"): read
alone, the text says nothing of whether the article told of them before; the mending,
which has the article, also passes over "The <noun>" subjects that retell a noun of the
sentences before (``briefing.mending``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.tellings import IRREGULAR_PAST
from briefing.words import (
    CALENDAR_WORDS,
    COMMA_ADVERBS,
    COORDINATORS,
    DEMONSTRATIVES,
    EVENT_NOUNS,
    EVENT_STEMS,
    FRONTING_WORDS,
    FUNCTION_WORDS,
    LINKING_ADVERBS,
    NOW_NOUNS,
    NUMBER_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    QUANTIFIERS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TELLING_NOUNS,
    VERB_ADVERBS,
    WRITER_ADVERBS,
    YEAR_OLD,
    plural_role,
    word_set,
)

# Words, and insertions in square brackets, in reading order; punctuation kept as tokens.
_TOKEN = re.compile(r"\[[^\[\]]*\]|[^\W_]+(?:[’'.-]+[^\W_]+)*|[,;:—–]")

# The first person as it opens a clause; "US" (the country) is not "us", so case is kept.
# "Let's" is "let us": the writer and the reader ("…grab a cup of coffee and let's talk").
FIRST_PERSON = frozenset({"I", "We", "My", "Our", "Me", "we", "my", "our", "me", "us",
                          "Let's", "let's", "Let’s", "let’s"})
# The second person as a sentence's first word ("You feel…", "Your first stop…", "You're…")
SECOND_PERSON = re.compile(r"Your?\b")
# ...or in a clause fronted before the first comma ("In case you live in Delhi, chances…")
FRONTED_SECOND_PERSON = re.compile(r"\b[Yy]our?\b")
# ...or anywhere in the writer's own words, in lower case ("Pakistan needs your help.");
# a capital "You" inside a sentence is mostly a title ("Are You Smarter Than…").
SECOND_PERSON_WORD = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b")
# A reporting verb before it makes "you" someone's words, reported ("Residents said you
# could see the smoke…", "Officials warned that if you travel…"), as "according to" does.
_REPORTING = SPEECH_VERBS | word_set(
    "say asks warns advised advises urges explains writes insists recalls notes according")
# Phrases that link to the sentence before, as the linking adverbs do.
LINKING_PHRASES = tuple(
    tuple(p.split())
    for p in """in addition|as a result|in fact|even so|at the same time|on the other hand|
    for example|for instance|in turn|in response|in contrast|by contrast|after all|of course|
    that said|having said that|not only that|on top of that|as well|in other words|as such|
    in short|to that end|with that|at the time|by then|since then|until then|even then|
    in that case|in this case|in the meantime|in any case|either way|all the same|
    on the contrary|more importantly|most importantly|just as important|what's more|
    what is more|worse still|better still|if so|if not|if anything""".replace("\n", "").split("|")
)
_PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in LINKING_PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
# A preposition before one of these points back: "Despite this", "After them".
_BACK_OBJECTS = word_set("this that these those it them him her")
_BE = word_set(
    """is was are were 's be been being has have had will would could should may might must
    can remains remained seems seemed appears appeared became becomes"""
)
# What follows extraposed or cleft "it": "It is unclear whether…", "It was Smith who…".
_EXTRAPOSED = word_set(
    """that whether if how why what when where who which since until before to"""
)
_RAISING = word_set("seems seemed appears appeared")
_EXISTENTIAL_NEXT = _BE | word_set(
    """seem seems seemed appear appears appeared remain remains remained exist exists
    existed"""
)
# Role nouns and their plurals ("The researchers", "The guards"), which say "who?" as much.
_ROLE_FORMS = ROLE_NOUNS | {f"{w}s" for w in ROLE_NOUNS if not w.endswith("s")} | {
    f"{w}es" for w in ROLE_NOUNS if w.endswith(("ss", "sh", "ch"))}
# What may stand between "The" and its head: lower-case modifiers ("talk show", "former").
_MAX_MODIFIERS = 3
# What after a role noun identifies it: a name in apposition, or a post-modifier.
_IDENTIFYING = word_set(
    """of who whom whose named called identified known from in at for behind dubbed"""
)
# ...of which these identify only before a name ("The man called Ali Khan"): before
# anything else they are the sentence's verb ("The governor called the floods…").
_NAMING = word_set("named called dubbed identified known")

# What opens a clause fronted before the sentence's subject ("If your flight…,")
_FRONTING_CLAUSE = FRONTING_WORDS | word_set("unless whether")
_MAX_FRONTED = 16  # words before the comma ("At the same time as the announcement of …,")


_CLITIC = re.compile(r"^(\w+)(['’](?:s|re|ve|ll|d|m))$", re.IGNORECASE)
_CLITIC_HOSTS = PRONOUNS | DEMONSTRATIVES | {"there", "here", "what", "who"}
_FIRST_CHAR = re.compile(r"[^\W_]|\[")  # quotation marks and dashes before it are skipped
_OPENING_CHARS = 200  # how much of a sentence the rules read: its opening clause or two
_OPENING_TOKENS = 24  # a fronted adverbial of up to 16 words, its comma, a clause's opening


@dataclass(frozen=True)
class Dangle:
    """What leaves a point hanging: its kind, the words as written, and where they are
    (character offsets in the text), so that a repair knows what to drop or resolve."""

    kind: str  # "connective", "pronoun", "demonstrative", "definite", "back-reference",
    # "first person", "second person", "reader", "quotation", "event", "ellipsis" or
    # "object"
    words: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.kind}: {self.words}"


def _lower(tok: str) -> str:
    word = tok.strip("[]").lower().replace("’", "'")
    return word[:-3] if word.endswith("n't") and len(word) > 4 else word  # "wasn't": "was"


def _whole_words(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The tokens of ``text[start:end]`` but for a word cut at ``end``: "well" cut to "we",
    or "Ithaca" to "I", would read as a pronoun that is not there."""
    found = list(_TOKEN.finditer(text, start, end))
    if found and found[-1].end() == end < len(text) and text[end].isalnum():
        found.pop()
    return found


def tokens(text: str, limit: int = _OPENING_TOKENS) -> tuple[list[str], list[int]]:
    """The words, bracketed insertions and clause punctuation of a sentence's opening (its
    first ``limit`` or so), and where each starts; a pronoun's clitic is a token of its own
    ("It's": "It", "'s")."""
    toks: list[str] = []
    starts: list[int] = []
    lead = _FIRST_CHAR.search(text)
    for m in _whole_words(text, lead.start() if lead else len(text), _OPENING_CHARS):
        if len(toks) > limit:
            break
        tok = m.group()
        clitic = _CLITIC.match(tok) if "'" in tok or "’" in tok else None
        if clitic and clitic.group(1).lower() in _CLITIC_HOSTS:
            toks += [clitic.group(1), clitic.group(2).replace("’", "'")]
            starts += [m.start(), m.start() + len(clitic.group(1))]
        else:
            toks.append(tok)
            starts.append(m.start())
    return toks, starts


def _resolved(toks: list[str], k: int) -> bool:
    """True when the word at ``k`` carries an insertion in brackets ("He [Austin]")."""
    return k + 1 < len(toks) and toks[k + 1].startswith("[")


def _word(toks: list[str], k: int) -> str:
    """The token at ``k``, lower-cased and without brackets; "" past the end."""
    return _lower(toks[k]) if k < len(toks) else ""


def _is_name(word: str) -> bool:
    """A capitalised word that is not a calendar word: a possible antecedent."""
    return word[:1].isupper() and word not in CALENDAR_WORDS


# What follows "however" in a concessive clause ("However much they try,", "However long
# it takes,"); before anything else, as before a comma, "however" links.
_DEGREE_WORDS = word_set(
    """much many long hard often far few little large small big good bad great strong high
    low fast slow late early soon well badly difficult"""
)
_CONNECTIVE_FIRST = (COORDINATORS | LINKING_ADVERBS | COMMA_ADVERBS | WRITER_ADVERBS
                     | set(_PHRASES_BY_FIRST))
# A time told from the sentence before ("Six hours later,", "A day earlier,", "Shortly
# afterwards,", "Later that night,", "The next day,"): later than what the article said
# just before, which a reader of the point alone never saw. A linking connective too.
_TIME_UNITS = word_set(
    """second seconds minute minutes hour hours day days week weeks month months year years
    moment moments decade decades night nights"""
)
_AMOUNTS = NUMBER_WORDS | word_set(
    """a an one eleven twelve twenty thirty forty fifty few several some many just only
    about nearly almost barely less more than"""
)
_TIME_AFTER = word_set("later earlier afterwards afterward thereafter")
_TIME_FIRST = _AMOUNTS | _TIME_UNITS | word_set("shortly soon immediately not later earlier")
_TIME_HINT = re.compile(r"\b(?:later|earlier|after|afterwards?|before|thereafter)\b|\bon,",
                        re.IGNORECASE)


def _time_tail(w: list[str], j: int) -> int:
    """How many tokens a relative time opening takes when its "later" (or "after,") is at
    ``j``: 0 when there is none, or when it is compared ("later than planned") or has an
    object ("Two days after the crash,": a preposition, which says after what)."""
    if w[j] in _TIME_AFTER and w[j + 1] != "than":
        return j + 1 + (w[j + 1] == ",")
    if w[j] in {"after", "before", "on"} and w[j + 1] == ",":
        return j + 2
    return 0


def relative_time(toks: list[str]) -> int:
    """How many tokens of a time told from the sentence before open ``toks`` (its comma
    included), 0 if none: "Six hours later,", "Minutes later", "Later that night,"."""
    w = [_word(toks, k) for k in range(min(len(toks), 8))] + [""] * 8
    j = 0
    while j < 4 and (w[j] in _AMOUNTS or w[j].isdigit()):
        j += 1
    if w[j] in _TIME_UNITS and (j > 0 or w[j].endswith("s")):  # "A day later", "Days later"
        return _time_tail(w, j + 1)
    if w[0] in {"shortly", "soon", "immediately"}:
        return _time_tail(w, 1)
    if w[:2] == ["not", "long"]:
        return _time_tail(w, 2)
    if w[0] in {"later", "earlier"}:  # "Later that day", "Earlier the same week"
        n = 2 if w[1] == "that" else 3 if w[1:3] == ["the", "same"] else 0
        if n and w[n] in NOW_NOUNS:
            return n + 1 + (w[n + 1] == ",")
    if w[0] == "the" and w[1] in {"next", "following", "previous"} and w[2] in NOW_NOUNS:
        return 3 + (w[3] == ",")
    return 0


def connective(toks: list[str]) -> int:
    """How many tokens of a linking connective open ``toks`` (its comma included); 0 if none."""
    if not toks:
        return 0
    first = _word(toks, 0)
    if first in _TIME_FIRST or first == "the" or first.isdigit():
        n = relative_time(toks)
        if n:
            return n
    if first not in _CONNECTIVE_FIRST:
        return 0
    w = [_word(toks, k) for k in range(min(len(toks), 8))]
    for phrase in _PHRASES_BY_FIRST.get(w[0], ()):
        n = len(phrase)
        if tuple(w[:n]) != phrase:
            continue
        after, obj, then = (w[n : n + 3] + ["", "", ""])[:3]
        if after in {"to", "of", "as"}:
            # a preposition ("In addition to", "As a result of", "As well as"): it links
            # back only when its object does, standing alone before the comma ("As well as
            # this, …"), and is then dropped whole; "In addition to ordering the pilot, …"
            # and "As well as this year's award, …" open sentences that stand alone
            if obj in _BACK_OBJECTS and then in {",", ""}:
                return n + 2 + (then == ",")
            continue
        return n + (after == ",")
    first, nxt = w[0], w[1] if len(w) > 1 else ""
    if first in COORDINATORS:
        if first == "so" and nxt in {"far", "much", "many", "long", "-called"}:
            return 0
        if first == "yet" and nxt in {"to", "another"}:
            return 0
        return 1 + (nxt == ",")
    if first in LINKING_ADVERBS:
        if first == "however" and nxt in _DEGREE_WORDS:
            return 0  # "However much they try…" is a concessive clause, not a link
        if nxt == "of":
            return 0  # "Instead of …", "Regardless of …": a preposition
        return 1 + (nxt == ",")
    if (first in COMMA_ADVERBS or first in WRITER_ADVERBS) and nxt == ",":
        return 2
    return 0


def _now(toks: list[str], k: int) -> bool:
    """True for "this year", "these days": the writer's present, which needs no antecedent."""
    return _word(toks, k) in {"this", "these"} and _word(toks, k + 1) in NOW_NOUNS


def _expletive_it(toks: list[str], k: int) -> bool:
    """True for the "it" of extraposition or a cleft: "It is unclear whether…", "It was
    Smith who…", "It has been a year since…", "It seems (that)…", "It turns out…"."""
    w = [_word(toks, j) for j in range(k + 1, k + 8)]
    if w[:1] and w[0] in _RAISING or w[:2] in (["turns", "out"], ["turned", "out"]):
        return True
    if w[:2] in (["comes", "to"], ["came", "to"]):
        return True  # "when it comes to …"
    j = 0
    while j < len(w) and w[j] in _BE | {"not", "n't", "also", "still", "now"}:
        j += 1
    if j == 0:
        return False
    rest = w[j:]
    if rest and rest[0].endswith(("ed", "en")) and rest[0] != "been":
        return rest[1:2] == ["that"]  # "It is believed that…", but "It is expected to open"
    for n, word in enumerate(rest[:5]):
        if word in _EXTRAPOSED and not (word == "if" and rest[n + 1 : n + 2] == ["not"]):
            return True  # "if not" concedes ("It was nothing if not predictable"): no clause
        if word in {",", ";", ":"}:
            return False
    return False


def _verb_like(word: str, before: str) -> bool:
    """Whether ``word``, after the modifier ``before`` of a "The …" opening, is more likely a
    verb than a noun phrase's modifier: "The move angered residents", "The law requires
    officers", "The letter also accused …" ("The newly elected president": an -ed after
    an -ly adverb is an adjective; "The sports star": a first modifier may end in -s)."""
    if word in VERB_ADVERBS:
        return True
    if word.endswith("ed"):
        return not before.endswith("ly")
    if _superlative(before):
        return False  # "The poorest results went…": the plural is the noun
    return word.endswith("s") and not word.endswith(("ss", "'s", "us", "is"))


# Nouns in -est, which a word after may follow as its verb ("The protest grows").
_EST_NOUNS = word_set(
    """interest protest forest arrest harvest request contest conquest inquest manifest
    unrest behest digest"""
)


def _superlative(word: str) -> bool:
    """Whether ``word`` is an adjective's superlative ("poorest", "biggest", "latest")."""
    return len(word) > 5 and word.endswith("est") and word not in _EST_NOUNS


def _identifies(toks: list[str], k: int) -> bool:
    """Whether the word at ``k``, after a role noun, says who it is: "of", "who", "from";
    "called", "named" and the like only before a name or "as" ("identified as")."""
    word = _word(toks, k)
    if word not in _IDENTIFYING:
        return False
    if word not in _NAMING:
        return True
    after = toks[k + 1] if k + 1 < len(toks) else ""
    return _is_name(after) or after.lower() in {"as", "by"}


# Role words that are adjectives too ("the official count", "the chief witness", "a
# general strike", "the executive order", "a veteran diplomat"): before a noun they describe
# it, and name no person.
_ADJECTIVE_ROLES = word_set("official chief general executive veteran expert")


def _attributive(toks: list[str], k: int) -> bool:
    """Whether the role word at ``k`` is an adjective of the noun after it ("The official
    death toll…"), not the head of its noun phrase ("The official said…", "The official
    also declined…"): the next word is lower case, and neither a verb nor a function word."""
    if _word(toks, k) not in _ADJECTIVE_ROLES or k + 1 >= len(toks):
        return False
    nxt, word = toks[k + 1], _word(toks, k + 1)
    return (nxt[:1].islower() and word.replace("-", "").isalpha()
            and word not in FUNCTION_WORDS and word not in VERB_CUES
            and word not in IRREGULAR_PAST  # "The official spoke on condition…"
            and not word.endswith("ly") and not _verb_like(word, _word(toks, k)))


def definite_role(toks: list[str], k: int) -> int | None:
    """The index of the role noun that heads an unidentified "The <modifiers> <role noun>"
    opening at ``k`` ("The comedian", "The 27-year-old", "The two men"), or None."""
    j = k + 1
    for _ in range(_MAX_MODIFIERS + 1):
        if j >= len(toks):
            return None
        tok = toks[j]
        word = _word(toks, j)
        if tok.startswith("[") or tok in {",", ";", ":", "—", "–"}:
            return None
        if tok[:1].isupper():
            return None  # "The U.S. president", "The Pentagon": named
        if word in _ROLE_FORMS or YEAR_OLD.match(word) or (word in NUMBER_WORDS and j == k + 1):
            head = j
            # "The two men", "The 27-year-old actor": the last role word is the head
            while _word(toks, head + 1) in _ROLE_FORMS or YEAR_OLD.match(_word(toks, head + 1)):
                head += 1
            if _attributive(toks, head):
                j = head + 1  # "The official death toll": it describes the noun after it
                continue
            after = head + 1
            comma = _word(toks, after) == ","
            if comma:  # "The men, identified as …", "The actor, Tom Hanks,"
                after += 1
            nxt = toks[after] if after < len(toks) else ""
            if comma and _word(toks, after) in {"who", "whom", "whose", "which"}:
                return head  # "The man, who was carrying a rucksack,": described, not named
            if nxt.startswith("[") or _is_name(nxt) or _identifies(toks, after):
                return None
            if _word(toks, head) not in ROLE_NOUNS and any(
                    _word(toks, m).endswith(("'s", "s'")) for m in range(k + 1, head)):
                return None  # "The state's teachers": a place's people, in general
            if _word(toks, after).endswith("ed") and (
                    _word(toks, after + 1) in PREPOSITIONS
                    or _word(toks, after + 1).endswith("ed")):
                return None  # "The journalists reported killed in…": picked out by it
            return head
        if word in FUNCTION_WORDS or j > k + 1 and _verb_like(word, _word(toks, j - 1)):
            return None  # past the noun phrase: a role noun after it is the verb's object
        j += 1
    return None


# What after a noun phrase opening "The …" shows that its verb has begun.
VERB_CUES = _BE | word_set(
    """will would could should may might must can cannot did does do said told began came
    went took made found gave left hit struck fell rose led held met won lost sent saw
    became broke grew flew drew ran sank spent built brought bought caught sought put set
    cut paid"""
)


_SAYS = word_set("says said")
CALENDAR_LOWER = frozenset(w.lower() for w in CALENDAR_WORDS) | word_set("last yesterday")


# A compound adjective of a name and a participle: "London-based", "state-owned" is lower.
_PLACE_MODIFIER = re.compile(r"[A-Z][\w.]*-(?:based|owned|run|led|backed|born|made)$")


def definite_thing(toks: list[str], k: int) -> int | None:
    """The index of the head noun of a "The <modifiers> <noun>" opening at ``k`` that is
    the subject of the verb right after it ("The volcano erupted…", "The new law also
    prohibits…"), so that nothing after the noun identifies it; None when its words are
    not all lower case (a name: "The Pentagon said"), or no verb follows within a few
    words. The caller decides whether it points back: it says nothing of what the noun
    is (``definite_role`` does, for people)."""
    for j in range(k + 1, k + _MAX_MODIFIERS + 2):
        tok = toks[j] if j < len(toks) else ""
        word = _word(toks, j)
        if _PLACE_MODIFIER.match(tok):
            continue  # "The London-based company": a place describes it, and names nothing
        if not tok[:1].islower() or word in FUNCTION_WORDS or not word.replace("-", "").isalpha():
            return None
        nxt = _word(toks, j + 1)
        if nxt.endswith("ly") or nxt in VERB_ADVERBS:  # "The benefit currently pays"
            verb = _word(toks, j + 2)
            if verb in VERB_CUES or verb.endswith(("ed", "s")) and not verb.endswith("ss"):
                return j
        if nxt in _NAMING and _identifies(toks, j + 1):
            return None  # "The talks called Geneva II…": named
        if nxt.endswith("ed") and _word(toks, j + 2) in PREPOSITIONS | CALENDAR_LOWER and any(
                _word(toks, m) in VERB_CUES | _SAYS for m in range(j + 3, j + 12)):
            return None  # "The report released on Tuesday by the UN said…": picked out by it
        if nxt in VERB_CUES or _verb_like(nxt, word):
            return j
        after = toks[j + 2] if j + 2 < len(toks) else ""
        if nxt == "," and (_lower(after) in {"which", "a", "an", "however"} or after[:1].islower()
                           and after.endswith(("ed", "en")) and after not in _NAMING):
            # "The airline, which is the third largest…", "The benefit, given to…"
            return j
    return None


# What opens a fronted clause with a subject of its own ("When the soldiers arrived,").
_SUBORDINATORS = word_set("when while after before as although though if once since until")
_PEOPLE = word_set("people police women men children")
_HE_SHE = word_set("he she him his her himself herself")
_THEY = word_set("they them their theirs themselves")


def _fronted_subject(fronted: list[str], pronoun: str) -> bool:
    """Whether a fronted clause names what ``pronoun`` after it refers to, agreeing with it:
    people for "they" ("When the soldiers arrived, they…"), a person for "he" or "she",
    a thing after a determiner for "it" ("As the storm approached, it…"). A prepositional
    phrase ("After the meeting,") has no subject, and "they" after it still dangles."""
    if not fronted or _word(fronted, 0) not in _SUBORDINATORS:
        return False
    words = [_word(fronted, j) for j in range(1, len(fronted))]
    plural = [w in _PEOPLE or w in ROLE_NOUNS and plural_role(w) for w in words]
    if pronoun in _THEY:
        return any(plural)
    if pronoun in _HE_SHE:
        return any(w in ROLE_NOUNS and not p for w, p in zip(words, plural, strict=True))
    if pronoun in {"it", "its", "itself"}:
        return any(a in {"the", "a", "an"} and b not in FUNCTION_WORDS
                   for a, b in zip(words, words[1:], strict=False))
    return False


def _at(toks: list[str], k: int, names_before: bool) -> tuple[str, int, int] | None:
    """What dangles at token ``k``, the opening of a clause: (kind, first, last token)."""
    word, nxt = _word(toks, k), _word(toks, k + 1)
    if not word:
        return None
    if word in QUANTIFIERS:
        if nxt in PRONOUNS and not _resolved(toks, k + 1) and not names_before:
            return ("pronoun", k, k + 1)
        if (nxt == "of" and _word(toks, k + 2) in _BACK_OBJECTS | {"these", "those", "us"}
                and not _resolved(toks, k + 2)):
            return ("pronoun", k, k + 2)
    if word in PREPOSITIONS and nxt in _BACK_OBJECTS and not _resolved(toks, k + 1):
        # "Despite this,", "After that meeting"; "this" before a noun is as often the
        # writer's present ("During this transition period"), but "these" before one
        # ("Despite these claims,") points back to what the sentences before told
        alone = _word(toks, k + 2) in {",", ""}
        if nxt == "these" and not alone and not _now(toks, k + 1) \
                and not _resolved(toks, k + 2):
            return ("demonstrative", k + 1, k + 1)
        pronoun_use = alone or nxt not in {"this", "these"}
        if pronoun_use and not _now(toks, k + 1):
            return ("connective", k, k + 1)
    if (word in PREPOSITIONS and nxt == "all" and _word(toks, k + 2) in {"this", "that"}
            and _word(toks, k + 3) in {",", ""}):
        return ("connective", k, k + 2)  # "Amid all this,", "After all that,"
    if (word == "because" and nxt == "of" and _word(toks, k + 2) in _BACK_OBJECTS
            and not _now(toks, k + 2)):
        return ("connective", k, k + 2)
    if word in PRONOUNS:
        if _resolved(toks, k) or names_before:
            return None
        if word == "it" and _expletive_it(toks, k):
            return None
        return ("pronoun", k, k)
    if word in DEMONSTRATIVES:
        if _resolved(toks, k) or _resolved(toks, k + 1) or _now(toks, k):
            return None
        return ("demonstrative", k, k)
    if (word == "such" and nxt != "as") or word == "here":
        return ("demonstrative", k, k)
    if word == "there" and nxt not in _EXISTENTIAL_NEXT and nxt not in {"'s", "’s"}:
        return ("demonstrative", k, k)
    if word in {"another", "others"} and not _resolved(toks, k):
        return ("back-reference", k, k)
    if word in {"both", "neither", "either"} and not _resolved(toks, k):
        # a known pair: "Both want…", "Both sides…"; not "Both Obama and Clinton…"
        after = toks[k + 1] if k + 1 < len(toks) else ""
        if not (_is_name(after) or after.startswith("[") or nxt in {"the", "of"}
                or nxt in PRONOUNS):  # "Both he and…" is the pronoun's to answer for
            return ("back-reference", k, k)
    if word == "the":
        if nxt in {"latter", "former", "same", "other", "rest"}:
            after = _word(toks, k + 2)
            if nxt != "former" or not after or after in _BE or after in {",", "and"}:
                return ("back-reference", k, k + 1)
        head = definite_role(toks, k)
        if head is not None and not names_before:
            return ("definite", k, head)
        head = definite_thing(toks, k)
        if (head is not None and _word(toks, head) in TELLING_NOUNS and not names_before
                and not _resolved(toks, head)):
            return ("definite", k, head)  # "The blast shattered…", "The company said…"
    return None


# First words after which nothing can dangle need no further look: most sentences.
_TRIGGERS = (PRONOUNS | DEMONSTRATIVES | COORDINATORS | LINKING_ADVERBS | COMMA_ADVERBS
             | WRITER_ADVERBS
             | PREPOSITIONS | FRONTING_WORDS | QUANTIFIERS
             | {p[0] for p in LINKING_PHRASES} | {"such", "here", "there", "another", "others",
                                                 "the", "what's"})
FIRST_WORD = re.compile(r"[\W_]*([^\W_][\w'’]*)")
_QUOTE_MARKS = "\"“”‘’'«„"
_QUOTE_MARK = re.compile(f"[{re.escape(_QUOTE_MARKS)}]")
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
        elif c == "”" or _closes_quotation(text, i):
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


# First words whose rules can be ruled out from the next few words, before tokenizing:
# "the" needs a role noun (or "latter", "same", …) among them; a preposition or adverbial
# opener, a back-pointing object after it or a comma to close a fronted adverbial.
_QUICK_CHECKS = (frozenset({"the"}) | FRONTING_WORDS) - (
    PRONOUNS | DEMONSTRATIVES | COORDINATORS | LINKING_ADVERBS | COMMA_ADVERBS | QUANTIFIERS
    | set(_PHRASES_BY_FIRST) | {"because", "such", "here", "there", "another", "others"}
)
_THE_NEXT = _ROLE_FORMS | NUMBER_WORDS | TELLING_NOUNS | {
    "latter", "former", "same", "other", "rest", "next", "following", "previous"}


def _may_dangle(word: str, text: str) -> bool:
    """Whether a sentence opening with ``word`` (one of ``_QUICK_CHECKS``) can dangle."""
    nxt = text[:_OPENING_CHARS].lower().split()[1:_MAX_MODIFIERS + 3]
    if word == "the":
        return any(w.strip(",.;:!?\"'”’") in _THE_NEXT or "year-old" in w for w in nxt)
    return "," in text[:_OPENING_CHARS] or bool(nxt) and nxt[0].strip(",") in _BACK_OBJECTS


# A day as a possessive determiner works as "the" does: "Today's announcement also…",
# "Tuesday's attack killed…" retell what the article told, without saying which.
_DAY_POSSESSIVES = frozenset(
    f"{day.lower()}'s" for day in CALENDAR_WORDS if day.endswith("day")
) | word_set("today's yesterday's tonight's")
# Words in -ing that open a sentence as its subject, not a participle clause.
_ING_NOUNS = word_set("nothing something anything everything thing king morning evening spring")
_CAPITAL_INSERT = re.compile(r"\W*?\[(\w)\](?=\w)")
# A sentence's first word, "of" and a possessive pronoun not resolved in brackets.
_OF_POSSESSIVE = re.compile(r"[\W_]*[^\W_][\w'’-]*\s+of\s+(?:his|her|its|their)\b(?!\s*\[)",
                            re.IGNORECASE)


def _first_quote_mark(text: str) -> int:
    """Where the first quotation mark of a sentence's opening is (an apostrophe inside a
    word, "Our team’s", is none), or the end of the opening."""
    # only the marks are visited, not every character (this runs on every candidate point)
    for mark in _QUOTE_MARK.finditer(text, 0, _OPENING_CHARS):
        i, c = mark.start(), mark.group()
        apostrophe = c in "'’" and 0 < i < len(text) - 1 and text[i - 1].isalpha() \
            and text[i + 1].isalpha()
        if not apostrophe:
            return i
    return _OPENING_CHARS


def _closes_quotation(text: str, i: int) -> bool:
    """Whether the mark at `i` closes a quotation: after a word or its punctuation, before
    a space or the end ('…our heritage," says Perry')."""
    return 0 < i < len(text) and text[i] in "”’\"'" and (
        text[i - 1] in ",.!?" or text[i - 1].isalpha()) and (
        text[i + 1 : i + 2] in ("", " ", ",", ".", ";"))


def _writers_words_end(text: str) -> int | None:
    """Where the writer's own words in a sentence's opening end (its first quotation
    mark), or None when none of it is the writer's: a sentence that opens with a quotation
    mark is the quoted speaker's, and what comes before a closing mark is speech."""
    if text.lstrip()[:1] in _QUOTE_MARKS:
        return None
    quote = _first_quote_mark(text)
    return None if _closes_quotation(text, quote) else quote


def _first_person(text: str) -> Dangle | None:
    """The writer's first person in a sentence's opening, outside any quotation ("Since I
    was 10…", "Three years ago, my family…"); a sentence that opens with a quotation mark
    is the quoted speaker's, and what follows a quotation mark may be speech. "I" after a
    capitalised word is a numeral ("World War I"), "US" the country."""
    quote = _writers_words_end(text)
    if quote is None:
        return None
    words = _whole_words(text, 0, quote)
    for n, m in enumerate(words):
        numeral = m.group() == "I" and n > 1 and words[n - 1].group()[:1].isupper()
        # "Follow Me Down", "the Lord Our Righteousness Church": a capital inside a
        # sentence is a title's or a name's ("I" is always one)
        titled = n > 0 and m.group() != "I" and m.group()[:1].isupper()
        if m.group() in FIRST_PERSON and not numeral and not titled:
            return Dangle("first person", m.group(), m.start(), m.end())
    return None


def dangling(text: str) -> Dangle | None:
    """What leaves ``text`` hanging when read alone (the module docstring's rules): what
    its opening points back to, else a writer's first person in it, else the writer
    addressing the reader, else an event it names only as "the incident"."""
    return (_opening(text) or _first_person(text) or _second_person(text)
            or _reader_addressed(text) or quoted_speaker(text) or event_reference(text)
            or elliptical(text) or trailing_object(text))


def dangling_as_shown(text: str, *, speaker_named: bool = False,
                      opens_article: bool = False) -> Dangle | None:
    """What leaves ``text`` hanging as a briefing shows it (`dangling`), less what its
    place there resolves: a transcript's "I" shown after its speaker's name ("SECRETARY
    BLINKEN: I look forward…", ``speaker_named``) is that speaker, and "the incident" in
    an article's first sentence (``opens_article``: "…were raped and murdered…, and three
    have been arrested in the incident") is what that sentence tells. The mending and the
    measure (bench/standalone.py) read points by this one rule."""
    problem = dangling(text)
    if problem and (problem.kind == "first person" and speaker_named
                    or problem.kind in {"event", "reader"} and opens_article):
        return None
    return problem


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
        if text[i] in {'"', "”"} and _closes_quotation(text, i):
            if not text[i + 1 :].strip():  # the whole point is the quotation: whose?
                return Dangle("quotation", text[at : i + 1], at, i + 1)
            m = _SPEAKER_PRONOUN.match(text, i + 1)
            return Dangle("pronoun", m.group(1), m.start(1), m.end(1)) if m else None
    return None


# "the" (no other determiner: "a blast", "his attack" are no back-reference), up to two
# lower-case modifiers ("the suicide bombing", "the latest attack"; a capitalised or
# numbered one names the event: "the Madrid bombings", "the 2004 earthquake"), the noun.
_EVENT = re.compile(
    rf"\b[Tt]he\s+((?:[a-z][a-z-]*\s+){{0,2}})({'|'.join(sorted(EVENT_NOUNS))})\b"
)
# What after the noun says which event it is: a place, a target, a time, a relative clause
# ("the attack on the embassy", "the crash near Dover", "the incident that closed…").
_EVENT_IDENTIFIED = re.compile(
    r"\s*(?:\[|,\s*[A-Z]|(?:of|on|in|at|near|against|outside|inside|between|by|that|which|"
    r"who|where|when|during|from)\b)"
)
_EVENT_TOLD = re.compile(rf"(?<![\w-])(?:{'|'.join(EVENT_STEMS)})", re.IGNORECASE)
# A clause joined before it, which may itself tell what happened: "A girl was killed in
# Juárez, and three men have been arrested in the incident."
# ...or a sentence shown before it, as a point shows the sentence before its own: "…at the
# World Floral Expo in Los Angeles. The event is one…".
_SENTENCE_BEFORE = re.compile(r"[.!?][\"”’)]?\s+[\"“(]?[A-Z]")
_CLAUSE_BEFORE = re.compile(r"[,;]\s+(?:and|but|while|after|before|when|as)\s|;\s|\s[—–]\s")


def event_reference(text: str) -> Dangle | None:
    """An event named only by a general noun, "the incident", anywhere in ``text`` ("At
    least 26 injuries were reported as a result of the incident."): read alone, what
    happened? Not when a word before it in ``text`` told of the event ("A bus crashed into
    a wall; the incident…"), or a clause joined before it or a sentence shown before it may
    have ("A girl was killed, and three were arrested in the incident"; "…at the Floral
    Expo. The event drew…"), nor when what follows the noun says which ("the incident at
    the embassy")."""
    for m in _EVENT.finditer(text):
        modifiers = m.group(1).split()
        if any(w in FUNCTION_WORDS or w in _BE for w in modifiers):
            continue  # "the police said the attack": a modifier is no verb or pronoun
        if _EVENT_IDENTIFIED.match(text, m.end()) or _EVENT_TOLD.search(text, 0, m.start()):
            continue
        before = m.start()
        if _CLAUSE_BEFORE.search(text, 0, before) or _SENTENCE_BEFORE.search(text, 0, before + 1):
            continue  # a clause or a sentence before it may tell of the event in other words
        return Dangle("event", m.group(), m.start(), m.end())
    return None


def _second_person(text: str) -> Dangle | None:
    """A sentence that opens by addressing "you", outside any quotation ("You feel like a
    stranger in a foreign place."): the writer of a feature or an essay speaking to its
    reader, which says nothing about the news. The first word, or a word of a fronted clause
    ("In case you are living in Delhi, chances are…", "If your flight…,"); further on, see
    ``_reader_addressed``."""
    found = SECOND_PERSON.match(text)
    first = None if found else FIRST_WORD.match(text)
    if first and first.group(1).lower() in _FRONTING_CLAUSE:
        comma = text.find(",", 0, _first_quote_mark(text))
        found = FRONTED_SECOND_PERSON.search(text, 0, comma) if comma > 0 else None
    if not found:
        return None
    return Dangle("second person", found.group(), found.start(), found.end())


# A verb or an auxiliary among a sentence's words: a finite clause, not a fragment.
_AUXILIARY_WORDS = _BE | word_set("do does did shall")  # _BE has "will", "can", "must"…
_ELLIPSIS_MAX_WORDS = 12


def elliptical(text: str) -> Dangle | None:
    """A fragment that opens with "Not" and has no verb ("Not the federal government or
    Congress.", "Not just the color of the jersey."): the rest of the sentence before it,
    elided, which says what is not. A word that may be a verb (an auxiliary, a past tense,
    a lower-case word in -s or -ing) makes it a clause ("Not everyone agrees.")."""
    if not text.startswith("Not "):
        return None
    words = [m.group() for m in _TOKEN.finditer(text) if m.group()[:1].isalpha()]
    if len(words) > _ELLIPSIS_MAX_WORDS:
        return None
    for word in words[1:]:
        low = word.lower()
        if low in _AUXILIARY_WORDS or low in IRREGULAR_PAST or word[:1].islower() and (
                low.endswith(("ed", "s", "ing", "n't"))):
            return None
    return Dangle("ellipsis", "Not", 0, 3)


# An object pronoun as a sentence's last word, before its end mark and any closing quote.
_TRAILING_OBJECT = re.compile(r"\s(it|them|this|that)[.!][\"'”’]?\s*$")
_TRAILING_OBJECT_MAX_WORDS = 8


def trailing_object(text: str) -> Dangle | None:
    """A sentence of at most eight words that ends on "it", "them", "this" or "that"
    ("People are actually buying it.", "Rowling's fans loved it.", "The Vatican today
    confirmed this."): so short a sentence leaves no room for what the pronoun stands for,
    which the sentence before named. Longer ones often name it themselves ("The bomb was
    packed with nails, obliterating the person who detonated it."). Read over 1,500
    Wikinews articles and the CNN dev articles, all 54 such sentences of eight words or
    fewer point back; of those of nine to twelve words, a third name the thing inside."""
    found = _TRAILING_OBJECT.search(text)
    if found is None or len(text.split()) > _TRAILING_OBJECT_MAX_WORDS:
        return None
    return Dangle("object", found.group(1), found.start(1), found.end(1))


def _reader_addressed(text: str) -> Dangle | None:
    """A lower-case "you" or "your" anywhere in the writer's own words ("Pakistan needs
    your help."): not after a reporting verb ("Residents said you could see the smoke…"),
    nor before a closing quotation mark (the end of someone's speech). In an article's
    first sentence it is mostly the generic "you" of a law or a rule ("…illegal to drive
    with a phone in your hand"), which ``dangling_as_shown`` lets pass."""
    quote = _writers_words_end(text)
    if quote is None:
        return None
    found = SECOND_PERSON_WORD.search(text, 0, quote)
    if found is None or any(m.group().lower() in _REPORTING
                            for m in _TOKEN.finditer(text, 0, found.start())):
        return None
    return Dangle("reader", found.group(), found.start(), found.end())


def _opening(text: str) -> Dangle | None:
    """What the opening of ``text`` points back to, or None (the module docstring's rules).

    Looks at the opening, and at the opening of the main clause after a fronted adverbial
    ("On Friday, she said"), where a name in the adverbial counts as introduced. A first
    letter capitalised in brackets ("[S]he was…", left by a dropped connective) is read as
    the word it begins.
    """
    capital = _CAPITAL_INSERT.match(text)
    if capital:
        found = dangling(capital.group(1) + text[capital.end() :])
        return found and Dangle(found.kind, found.words, found.start + (found.start > 0) * 2,
                                found.end + 2)
    first = FIRST_WORD.match(text)
    if not first:
        return None
    word = first.group(1).lower().replace("’", "'")
    if word in WRITER_ADVERBS:
        after = len(text) - len(text[first.end() :].lstrip())
        if text[after : after + 1] not in {",", ""}:
            # without its comma a writer's comment still leaves a pronoun after it to be
            # read ("Unfortunately because of an extremist minority, it is sometimes seen…")
            found = _opening(text[after:])
            if found is None or found.kind not in {"pronoun", "demonstrative"}:
                return None
            return Dangle(found.kind, found.words, found.start + after, found.end + after)
    owner = _OF_POSSESSIVE.match(text)
    if owner and word not in FRONTING_WORDS and word not in {"instead", "regardless"} \
            and "," not in text[: owner.end() + 40]:
        # "News of her death…", "Members of his family…": the subject's owner is someone
        # the sentence does not name (a fronted "Because of his illness," is read below)
        return Dangle("pronoun", text[first.start(1) : owner.end()], first.start(1),
                      owner.end())
    if word in _DAY_POSSESSIVES:  # "Today's announcement also extended…": which one?
        toks, starts = tokens(text, 10)
        head = definite_thing(toks, 0)
        if head is None or _word(toks, head) not in TELLING_NOUNS or _resolved(toks, head):
            return None
        end = starts[head] + len(toks[head])
        return Dangle("definite", text[starts[0] : end], starts[0], end)
    # "Speaking to reporters, he said…": a participle clause is fronted like a phrase
    participle = word.endswith("ing") and word not in _ING_NOUNS and "," in text[:_OPENING_CHARS]
    if word not in _TRIGGERS and word.split("'")[0] not in _CLITIC_HOSTS and not participle \
            and not ((word in _TIME_FIRST or word.isdigit()) and _TIME_HINT.search(text, 0, 60)):
        return None
    if word in _QUICK_CHECKS and not _may_dangle(word, text):
        return None  # most sentences: "The report said…", "In May the council…"
    fronting = word in FRONTING_WORDS or participle
    # a fronted adverbial needs the clause after it; any other opening, a few words
    toks, starts = tokens(text, _OPENING_TOKENS if fronting else 10)
    if not toks:
        return None

    def found(kind: str, a: int, b: int) -> Dangle:
        end = starts[b] + len(toks[b])
        return Dangle(kind, text[starts[a] : end], starts[a], end)

    n = connective(toks)
    if n:
        last = n - 1 if toks[n - 1] != "," else n - 2
        return found("connective", 0, max(0, last))
    problem = _at(toks, 0, names_before=False)
    if problem:
        return found(*problem)
    problem = _after_fronted(toks) if fronting else None
    return found(*problem) if problem else None


def _after_fronted(toks: list[str]) -> tuple[str, int, int] | None:
    """What dangles in a fronted adverbial or participle clause that opens ``toks``, or at
    the opening of the clause after its comma: (kind, first, last token), or None. A name
    in the adverbial introduces whom a pronoun after it means ("On Friday, Obama said…"),
    and a clause with a subject of its own introduces who "they" or "he" is ("When the
    soldiers arrived, they…")."""
    comma = next((j for j, t in enumerate(toks[: _MAX_FRONTED + 1]) if t == ","), None)
    if not comma:
        return None
    fronted = toks[1:comma]
    names = any(_is_name(t) for t in fronted if not t.startswith("["))
    main = _at(toks, comma + 1, names_before=names)
    if main and not (main[0] == "pronoun"
                     and _fronted_subject(toks[:comma], _word(toks, main[2]))):
        return main
    # "According to the mayor, the bridge…": the one source cited is unidentified
    if _word(toks, 1) == "to" and _word(toks, 2) == "the" and not names:
        head = definite_role(toks[:comma] + [""], 2)
        if head is not None and _word(toks, 0) == "according":
            return ("definite", 2, head)
    # "In his speech, the president said": nobody named, before "his" or just
    # after the comma ("When he arrived, Obama said"), for "his" to be
    named_after = any(_is_name(t) for t in toks[comma + 1 : comma + 4]) or (
        # "In his talk, the mayor of Sur said…": the clause opens with a person
        _word(toks, comma + 1) in {"the", "a", "an"}
        and any(_word(toks, j) in ROLE_NOUNS for j in range(comma + 2, comma + 5)))
    for j in range(len(fronted)):
        if _is_name(fronted[j]):
            break
        if (_word(fronted, j) in PRONOUNS and not _resolved(fronted, j)
                and not (_word(fronted, j) == "it" and _expletive_it(fronted, j))
                and not named_after):
            return ("pronoun", j + 1, j + 1)
    return None
