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
  nothing after it identifies (a name in apposition, "of …", "who …");
* the **first person** outside a quotation ("I was finishing my studies…", "We went to
  Jordan."): the writer of an essay or a letter, whom a briefing's reader never met; a
  sentence that opens with a quotation mark ("We will not stop," she said) is the quoted
  speaker's, and named beside it;
* any of these after a fronted adverbial ("On Friday, he said…", "In a statement, the
  spokesman…") when the adverbial names no one the pronoun could refer to.

A word followed by an insertion in square brackets ("He [Lloyd J. Austin III]",
"[T]he") has been resolved and does not dangle: that is how ``summarize`` mends a point.
Institutions ("the company", "the government") and event nouns ("the attack") are left
out on purpose: a reader of a briefing usually knows which from the citation beside the
point, and they are not role nouns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache


def _set(words: str) -> frozenset[str]:
    """The words of ``words``, split on white space: the word lists below."""
    return frozenset(words.split())


# Words, and insertions in square brackets, in reading order; punctuation kept as tokens.
_TOKEN = re.compile(r"\[[^\[\]]*\]|[^\W_]+(?:[’'.-]+[^\W_]+)*|[,;:—–]")

PRONOUNS = _set(
    """he she it they him her them his its their hers theirs himself herself itself
    themselves"""
)
DEMONSTRATIVES = _set("this that these those")
# The first person as it opens a clause; "US" (the country) is not "us", so case is kept
FIRST_PERSON = frozenset({"I", "We", "My", "Our", "Me", "we", "my", "our", "me"})
# Coordinators: they link to the sentence before whatever follows them.
COORDINATORS = _set("but and or so yet nor plus")
# Sentence adverbs that link to what came before; counted with or without a comma.
LINKING_ADVERBS = _set(
    """however also instead meanwhile moreover furthermore nevertheless nonetheless
    specifically indeed besides additionally likewise similarly thus therefore hence
    consequently accordingly otherwise conversely alternatively incidentally regardless
    anyway afterward afterwards subsequently thereafter"""
)
# Adverbs that link only when a comma follows ("Still, …" but "Still more…"; "Then, …").
COMMA_ADVERBS = _set(
    """still then again later earlier finally first second third lastly rather notably
    importantly separately elsewhere ultimately now"""
)
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
# A preposition whose object is a pronoun or demonstrative points back: "Despite this".
_PREPOSITIONS = _set(
    """after before because despite during following since until unlike like besides beyond
    against for from in on at by with without through under over about amid among given
    to of into"""
)
_BACK_OBJECTS = _set("this that these those it them him her")
# "this year", "these days": the time of writing, not a back-reference ("that day" is one).
_NOW_NOUNS = _set(
    """year week month day morning afternoon evening night weekend season summer winter
    spring autumn fall time days weeks months years century decade"""
)
# "Many of them", "Both he and…"
_QUANTIFIERS = _set(
    """all both each either neither none some many most several few one two three half any"""
)
_BE = _set(
    """is was are were 's be been being has have had will would could should may might must
    can remains remained seems seemed appears appeared became becomes"""
)
# What follows extraposed or cleft "it": "It is unclear whether…", "It was Smith who…".
_EXTRAPOSED = _set(
    """that whether if how why what when where who which since until before to"""
)
_RAISING = _set("seems seemed appears appeared")
_EXISTENTIAL_NEXT = _BE | _set(
    """seem seems seemed appear appears appeared remain remains remained exist exists
    existed"""
)
# Nouns that name a person by role: occupation, office, kinship, age or sex, and a few
# collective person nouns. "The" before one of these, unidentified, points back.
ROLE_NOUNS = _set(
    """man woman men women boy girl boys girls child children kid kids teen teens teenager
    teenagers toddler baby infant youngster couple pair duo trio mother father mom dad mum
    son daughter sons daughters wife husband widow widower brother sister brothers sisters
    parents parent grandmother grandfather grandson granddaughter uncle aunt nephew niece
    cousin fiancé fiancée girlfriend boyfriend partner friend friends neighbor neighbour
    neighbors neighbours victim victims survivor survivors suspect suspects gunman gunmen
    attacker attackers shooter killer bomber assailant defendant defendants plaintiff
    accused inmate prisoner detainee hostage hostages officer officers official officials
    spokesman spokeswoman spokesperson actor actress singer rapper comedian comedienne host
    presenter anchor star celebrity model player players coach manager captain striker
    goalkeeper midfielder defender quarterback pitcher driver pilot passenger passengers
    soldier soldiers sailor marine troops veteran student students teacher professor
    doctor surgeon nurse patient patients lawyer attorney judge prosecutor president
    minister senator congressman congresswoman lawmaker lawmakers governor mayor secretary
    chairman chairwoman chief executive founder leader leaders candidate nominee politician
    diplomat envoy ambassador general commander author writer director producer artist
    musician dancer designer chef billionaire millionaire businessman businesswoman
    entrepreneur owner worker workers employee employees resident residents witness
    witnesses activist activists protester protesters journalist reporter photographer
    researcher scientist expert analyst investigator detective sheriff deputy monarch king
    queen prince princess duke duchess pope bishop priest pastor imam rabbi singer-songwriter"""
)
_NUMBER_WORDS = _set("two three four five six seven eight nine ten dozen both")
_AGE = re.compile(r"^\d+-year-old$|^[a-z]+-year-old$")
# What may stand between "The" and its head: lower-case modifiers ("talk show", "former").
_MAX_MODIFIERS = 3
_FUNCTION_WORDS = _set(
    """a an the of to in on at by for with from and or but not no as is was are were be
    been has have had that this these those who whom whose which what when where why how
    it its he she they his her their him them we us our you your i me my"""
)
# What after a role noun identifies it: a name in apposition, or a post-modifier.
_IDENTIFYING = _set(
    """of who whom whose named called identified known from in at for behind dubbed"""
)
# Fronted adverbials: a prepositional phrase or an adverbial clause before a comma.
_FRONTING = _PREPOSITIONS | _set("when while as although though if once whereas where according")
_MAX_FRONTED = 12  # words before the comma
_CALENDAR = _set(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Jan Feb Mar Apr Jun Jul Aug
    Sep Sept Oct Nov Dec Dec. Jan. Feb. Aug. Sept. Oct. Nov."""
)


_CLITIC = re.compile(r"^(\w+)(['’](?:s|re|ve|ll|d|m))$", re.IGNORECASE)
_CLITIC_HOSTS = PRONOUNS | DEMONSTRATIVES | {"there", "here", "what", "who"}
_FIRST_CHAR = re.compile(r"[^\W_]|\[")  # quotation marks and dashes before it are skipped
_OPENING_CHARS = 200  # how much of a sentence the rules read: its opening clause or two
_OPENING_TOKENS = 20  # a fronted adverbial of up to 12 words, its comma, a clause's opening


@dataclass(frozen=True)
class Dangle:
    """What leaves a point hanging: its kind, the words as written, and where they are
    (character offsets in the text), so that a repair knows what to drop or resolve."""

    kind: str  # "connective", "pronoun", "demonstrative", "definite", "back-reference" or
    # "first person"
    words: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.kind}: {self.words}"


def _lower(tok: str) -> str:
    word = tok.strip("[]").lower().replace("’", "'")
    return word[:-3] if word.endswith("n't") and len(word) > 4 else word  # "wasn't": "was"


def tokens(text: str, limit: int = _OPENING_TOKENS) -> tuple[list[str], list[int]]:
    """The words, bracketed insertions and clause punctuation of a sentence's opening (its
    first ``limit`` or so), and where each starts; a pronoun's clitic is a token of its own
    ("It's": "It", "'s")."""
    toks: list[str] = []
    starts: list[int] = []
    lead = _FIRST_CHAR.search(text)
    for m in _TOKEN.finditer(text, lead.start() if lead else len(text), _OPENING_CHARS):
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
    return word[:1].isupper() and word not in _CALENDAR


_CONNECTIVE_FIRST = COORDINATORS | LINKING_ADVERBS | COMMA_ADVERBS | set(_PHRASES_BY_FIRST)


def connective(toks: list[str]) -> int:
    """How many tokens of a linking connective open ``toks`` (its comma included); 0 if none."""
    if not toks:
        return 0
    first = _word(toks, 0)
    if first not in _CONNECTIVE_FIRST:
        return 0
    w = [_word(toks, k) for k in range(min(len(toks), 6))]
    for phrase in _PHRASES_BY_FIRST.get(w[0], ()):
        n = len(phrase)
        if tuple(w[:n]) == phrase and (w[n : n + 1] or [""])[0] not in {"to", "of"}:
            return n + (w[n : n + 1] == [","])
    first, nxt = w[0], w[1] if len(w) > 1 else ""
    if first in COORDINATORS:
        if first == "so" and nxt in {"far", "much", "many", "long", "-called"}:
            return 0
        if first == "yet" and nxt in {"to", "another"}:
            return 0
        return 1 + (nxt == ",")
    if first in LINKING_ADVERBS:
        if first == "however" and nxt not in {",", ""}:
            return 0  # "However much they try…" is a concessive clause, not a link
        if nxt == "of":
            return 0  # "Instead of …", "Regardless of …": a preposition
        return 1 + (nxt == ",")
    if first in COMMA_ADVERBS and nxt == ",":
        return 2
    return 0


def _now(toks: list[str], k: int) -> bool:
    """True for "this year", "these days": the writer's present, which needs no antecedent."""
    return _word(toks, k) in {"this", "these"} and _word(toks, k + 1) in _NOW_NOUNS


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
        if word in ROLE_NOUNS or _AGE.match(word) or (word in _NUMBER_WORDS and j == k + 1):
            head = j
            # "The two men", "The 27-year-old actor": the last role word is the head
            while _word(toks, head + 1) in ROLE_NOUNS or _AGE.match(_word(toks, head + 1)):
                head += 1
            after = head + 1
            if _word(toks, after) == ",":  # "The men, identified as …", "The actor, Tom Hanks,"
                after += 1
            nxt = toks[after] if after < len(toks) else ""
            if nxt.startswith("[") or _is_name(nxt) or _word(toks, after) in _IDENTIFYING:
                return None
            return head
        if word in _FUNCTION_WORDS:
            return None
        j += 1
    return None


def _at(toks: list[str], k: int, names_before: bool) -> tuple[str, int, int] | None:
    """What dangles at token ``k``, the opening of a clause: (kind, first, last token)."""
    word, nxt = _word(toks, k), _word(toks, k + 1)
    if not word:
        return None
    if word in _QUANTIFIERS:
        if nxt in PRONOUNS and not _resolved(toks, k + 1) and not names_before:
            return ("pronoun", k, k + 1)
        if (nxt == "of" and _word(toks, k + 2) in _BACK_OBJECTS | {"these", "those", "us"}
                and not _resolved(toks, k + 2)):
            return ("pronoun", k, k + 2)
    if word in _PREPOSITIONS and nxt in _BACK_OBJECTS and not _resolved(toks, k + 1):
        # "Despite this,", "After that meeting"; "this" and "these" before a noun are as
        # often the writer's present ("During this transition period")
        pronoun_use = _word(toks, k + 2) in {",", ""} or nxt not in {"this", "these"}
        if pronoun_use and not _now(toks, k + 1):
            return ("connective", k, k + 1)
    if (word == "because" and nxt == "of" and _word(toks, k + 2) in _BACK_OBJECTS
            and not _now(toks, k + 2)):
        return ("connective", k, k + 2)
    if toks[k] in FIRST_PERSON and not _resolved(toks, k):
        return ("first person", k, k)
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
    return None


# First words after which nothing can dangle need no further look: most sentences.
_TRIGGERS = (PRONOUNS | DEMONSTRATIVES | COORDINATORS | LINKING_ADVERBS | COMMA_ADVERBS
             | _PREPOSITIONS | _FRONTING | _QUANTIFIERS
             | {p[0] for p in LINKING_PHRASES} | {"such", "here", "there", "another", "others",
                                                 "the", "what's"}
             | {w.lower() for w in FIRST_PERSON})
_FIRST_WORD = re.compile(r"[\W_]*([^\W_][\w'’]*)")
_QUOTE_MARKS = "\"“”‘’'«„"


# First words whose rules can be ruled out from the next few words, before tokenizing:
# "the" needs a role noun (or "latter", "same", …) among them; a preposition or adverbial
# opener, a back-pointing object after it or a comma to close a fronted adverbial.
_QUICK_CHECKS = (frozenset({"the"}) | _FRONTING) - (
    PRONOUNS | DEMONSTRATIVES | COORDINATORS | LINKING_ADVERBS | COMMA_ADVERBS | _QUANTIFIERS
    | set(_PHRASES_BY_FIRST) | {"because", "such", "here", "there", "another", "others"}
)
_THE_NEXT = ROLE_NOUNS | _NUMBER_WORDS | {"latter", "former", "same", "other", "rest"}


def _may_dangle(word: str, text: str) -> bool:
    """Whether a sentence opening with ``word`` (one of ``_QUICK_CHECKS``) can dangle."""
    nxt = text[:_OPENING_CHARS].lower().split()[1:_MAX_MODIFIERS + 3]
    if word == "the":
        return any(w.strip(",.;:!?\"'”’") in _THE_NEXT or "-year-old" in w for w in nxt)
    return "," in text[:_OPENING_CHARS] or bool(nxt) and nxt[0].strip(",") in _BACK_OBJECTS


_CAPITAL_INSERT = re.compile(r"\W*?\[(\w)\](?=\w)")


def dangling(text: str) -> Dangle | None:
    """What leaves ``text`` hanging when read alone, or None (the module docstring's rules).

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
    first = _FIRST_WORD.match(text)
    if not first:
        return None
    word = first.group(1).lower().replace("’", "'")
    if word not in _TRIGGERS and word.split("'")[0] not in _CLITIC_HOSTS:
        return None
    if word in _QUICK_CHECKS and not _may_dangle(word, text):
        return None  # most sentences: "The report said…", "In May the council…"
    # a fronted adverbial needs the clause after it; any other opening, a few words
    toks, starts = tokens(text, _OPENING_TOKENS if word in _FRONTING else 10)
    if not toks:
        return None

    def found(kind: str, a: int, b: int) -> Dangle:
        end = starts[b] + len(toks[b])
        return Dangle(kind, text[starts[a] : end], starts[a], end)

    n = connective(toks)
    if n:
        last = n - 1 if toks[n - 1] != "," else n - 2
        return found("connective", 0, max(0, last))
    quoted = text.lstrip()[:1] in _QUOTE_MARKS

    def at(k: int, names_before: bool) -> tuple[str, int, int] | None:
        problem = _at(toks, k, names_before)
        return None if problem and problem[0] == "first person" and quoted else problem

    problem = at(0, names_before=False)
    if problem:
        return found(*problem)
    if _word(toks, 0) in _FRONTING:
        comma = next((j for j, t in enumerate(toks[: _MAX_FRONTED + 1]) if t == ","), None)
        if comma:
            fronted = toks[1:comma]
            names = any(_is_name(t) for t in fronted if not t.startswith("["))
            main = at(comma + 1, names_before=names)
            if main:
                return found(*main)
            # "In his speech, the president said": nobody named, before "his" or just
            # after the comma ("When he arrived, Obama said"), for "his" to be
            named_after = any(_is_name(t) for t in toks[comma + 1 : comma + 4])
            for j in range(len(fronted)):
                if _is_name(fronted[j]):
                    break
                if (_word(fronted, j) in PRONOUNS and not _resolved(fronted, j)
                        and not (_word(fronted, j) == "it" and _expletive_it(fronted, j))
                        and not named_after):
                    return found("pronoun", j + 1, j + 1)
    return None


# --- mending a point so that it stands alone ----------------------------------------------

# A pair of sentences is shown together only when it is short: two typical sentences.
PAIR_MAX_WORDS = 40
_WORDS = re.compile(r"[^\W\d_](?:[^\W\d_]|['\u2019-])*")
# After a dropped connective the rest must open a clause: a name, or one of these words
# ("So began an odyssey" keeps its "So": "Began an odyssey" is no sentence).
_CLAUSE_OPENERS = (
    PRONOUNS | DEMONSTRATIVES | _QUANTIFIERS | _FRONTING | _NUMBER_WORDS
    | _set(
    """the a an we i you our my your there here every no more less what even
    only not just perhaps now many"""
)
)
_AUXILIARIES = _set(
    """is was are were be been being has have had do does did will would shall should can
    could may might must also"""
)
# Titles before a name: they make a run of capitalised words a person, and some say which
# pronoun fits ("Mrs. Smith" is no "he").
_MALE_TITLES = _set(
    """Mr Sir Lord King Prince Duke Chairman Congressman Spokesman Father Brother"""
)
_FEMALE_TITLES = _set(
    """Mrs Ms Miss Dame Lady Queen Princess Duchess Chairwoman Congresswoman Spokeswoman
    Sister Madam"""
)
_TITLES = _MALE_TITLES | _FEMALE_TITLES | _set(
    """Dr President Vice Prime Minister Secretary Senator Sen Representative Rep Governor Gov
    Mayor General Gen Admiral Adm Colonel Col Captain Capt Lieutenant Lt Sergeant Sgt Major
    Maj Judge Justice Chancellor Pope Cardinal Bishop Archbishop Rabbi Imam Rev Reverend
    Prof Professor Ambassador Envoy Commissioner Director Detective Officer Sheriff Coach
    Chief Speaker Leader Premier Sheikh Emir Chairperson Deputy Attorney Special"""
)
_FEMALE_ROLES = _set(
    """woman women girl mother mom mum daughter wife widow sister actress grandmother
    granddaughter aunt niece queen princess duchess comedienne spokeswoman chairwoman
    congresswoman businesswoman fiancée girlfriend"""
)
_MALE_ROLES = _set(
    """man men boy father dad son husband widower brother grandfather grandson uncle nephew
    king prince duke spokesman chairman congressman businessman fiancé boyfriend gunman"""
)
# Role nouns that name more than one person: never resolved with one person's name.
_COLLECTIVE = _set("couple pair duo trio family parents children kids troops")
_SUFFIXES = _set("Jr Jr. Sr Sr. II III IV")
_PARTICLES = _set("de da van von der den bin ibn al el la le del di du dos das")
_ABBREVIATIONS = ("Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|Rev|Prof|Adm|Maj|Cmdr|Cpl|"
                  "Brig|St|Jr|Sr")
_NAME_WORD = rf"(?:(?:{_ABBREVIATIONS})\.|[A-Z]\.|[A-Z][a-z][\w'’-]*|[A-Z]{{2,4}}(?=\s|$|[,.]))"
_NAME_RUN = re.compile(
    rf"(?<![\w'’-]){_NAME_WORD}(?:(?:\s+|\s+(?:{'|'.join(_PARTICLES)}|of)\s+){_NAME_WORD})*"
)
# The last word of a run that names an organisation or a place, not a person.
_NOT_PERSON_ENDS = _set(
    """Command Department Ministry Council Committee Agency Army Navy Force Forces Party
    University Bank Inc Corp Corporation Company Group Association Court Administration Office
    Service Services Commission Organization Organisation Authority Institute Foundation Fund
    Union League Times Post News Network Club Church Hospital School College Guard Police
    Brigade Front Movement Coalition Alliance Parliament Assembly Cabinet Senate Congress Board
    Bureau Center Centre Airlines Airways Motors Systems Media Press Trust Federation Reserve
    Corps Fleet Squadron Division Unit Team Province County City River Island Islands Valley
    Street Avenue Square Park Airport Bay Lake Sea Ocean Desert Region District Strait
    Peninsula Heights Canal Mountains Hills Coast Border Gulf Port Harbor Base Camp Village
    Town State States Kingdom Republic Emirates House Hall Museum Stadium Prize Award Awards
    Cup Games Series Festival Show Day Week Year Street Road Bridge Tower Station Project
    Program Programme Act Law Bill Treaty Agreement Summit Conference Report Index Survey
    Tournament Championship League Open Olympics Marathon War Revolution Spring"""
)
_STOP_CAPITALS = frozenset(w.capitalize() for w in (
    _FUNCTION_WORDS | PRONOUNS | DEMONSTRATIVES | COORDINATORS | LINKING_ADVERBS
    | COMMA_ADVERBS | _PREPOSITIONS | _FRONTING | _QUANTIFIERS | _NOW_NOUNS
    | _set("both every many most more some there here according than")
)) | _CALENDAR


# Words of an office that stand between a title and a name: "Minister of National
# Defense Yasar Guler", "Secretary of State Antony Blinken". They are never given names.
_OFFICE_WORDS = _set(
    """Defense Defence State Foreign Affairs National Interior Justice Health Security Finance
    Homeland Treasury Commerce Energy Education Labor Labour Agriculture Transportation
    Veterans Housing Environment Development Trade Economy Public General Home Internal
    External Information Culture Tourism Sports Youth Women Family Intelligence Staff Joint
    Chiefs Armed Forces Navy Army Air Marine Police Court House Senate Assembly"""
)


def _given_name(word: str) -> bool:
    """Whether a capitalised word before a surname can be a given name."""
    bare = word.rstrip(".")
    return not (bare in _TITLES or word in _STOP_CAPITALS or word in _OFFICE_WORDS
                or word == "of" or word.lower() in _PARTICLES or word.isupper()
                or not word[:1].isupper() or word.endswith(("'s", "’s")))


_NON_SPACE = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"['’]s?$")
_INITIAL = re.compile(r"[A-Z]\.")
_CAPITALISED = re.compile(r"(?<![\w'’-])([A-Z][a-z][\w-]*)(?:['’]s)?\b")


@dataclass(frozen=True)
class Person:
    """A person named in a sentence: the name as written (title folded off), its surname,
    and which pronouns can refer to them ("he", "she" or both)."""

    name: str
    surname: str
    pronouns: frozenset[str]
    titled: str  # the name with its title, as written ("Secretary Austin"), or ""


def _known_kind(name: str) -> str | None:
    """The gazetteer's kind for a name (place, organization, adjective), if it has one.
    (``briefing.actors`` is imported on first use: a summary that resolves nothing, and
    the command line's start, do not pay for its word lists.)"""
    from briefing.actors import known_kind

    return known_kind(name)


def people(sentence: str) -> list[tuple[Person, int]]:
    """Who a sentence names as a person, with where each name starts: a title and a name
    ("Secretary Austin", "Gen. Michael Kurilla"), or a given name and a surname that the
    gazetteer does not know as a place or an organisation ("Yasar Guler")."""
    out = []
    for m in _NAME_RUN.finditer(sentence):
        if " " not in m.group():
            continue  # one word is neither a title and a name nor a given name and a surname
        found = [(w.start() + m.start(), w.group()) for w in _NON_SPACE.finditer(m.group())]
        while found and (found[0][1] in _STOP_CAPITALS or found[0][1].lower() in _PARTICLES
                         or found[0][1] == "of"):
            found = found[1:]
        words = [w for _, w in found]
        end_word = len(words)
        while end_word > 1 and words[end_word - 1] in _SUFFIXES:
            end_word -= 1
        if end_word < 2:
            continue
        surname = _POSSESSIVE.sub("", words[end_word - 1])
        if surname in _TITLES or surname in _NOT_PERSON_ENDS or surname.isupper():
            continue
        k = end_word - 1  # the name starts at k: surname, then initials, particles, given name
        while k > 0 and (_INITIAL.fullmatch(words[k - 1]) or words[k - 1] in _PARTICLES):
            k -= 1
        given = 0  # up to three given names ("Ruth Bader Ginsburg"), never a title or office
        while given < 3 and k > 0 and _given_name(words[k - 1]):
            k -= 1
            given += 1
        titles = [w.rstrip(".") for w in words[:k] if w.rstrip(".") in _TITLES]
        last_start, last = found[-1]
        last_end = last_start + len(last)
        if last in _SUFFIXES:
            pass
        elif last.endswith(("'s", "’s")):
            last_end -= 2
        elif last.endswith((".", ",")):
            last_end -= 1
        name = sentence[found[k][0] : last_end]
        if not titles and (not given or _known_kind(name) or _known_kind(words[k])
                           or _known_kind(" ".join(words[k:end_word]))):
            continue  # untitled, a person needs a given name the gazetteer does not know
        if _known_kind(surname):
            continue
        pronouns = {"he", "she"}
        if any(t in _MALE_TITLES for t in titles):
            pronouns = {"he"}
        elif any(t in _FEMALE_TITLES for t in titles):
            pronouns = {"she"}
        titled = sentence[found[0][0] : last_end] if titles else ""
        out.append((Person(name, surname, frozenset(pronouns), titled), found[k][0]))
    return out


@dataclass(frozen=True)
class Shown:
    """A point as it is shown: the article's own characters (``pieces``: sentence index,
    start, end, in the text given to ``StandAlone``) with insertions in square brackets
    between them, and the single spaces that join two sentences."""

    text: str
    pieces: tuple[tuple[int, int, int], ...]
    first: int  # the first sentence it shows: the point's own, or the one before
    words: int

    @property
    def last(self) -> int:
        """The last sentence it shows."""
        return self.pieces[-1][0]

    def followed_by(self, other: Shown) -> Shown:
        """This point with ``other`` (the next sentence) after it, one space between."""
        return Shown(f"{self.text} {other.text}", self.pieces + other.pieces, self.first,
                     self.words + other.words)


def _build(parts: Sequence[tuple[int, int, int] | str], texts: Sequence[str],
           counts: Sequence[int] | None = None) -> Shown:
    """A ``Shown`` of ``parts``: pieces of ``texts`` and inserted text. ``counts`` gives each
    sentence's words, so that a whole sentence need not be counted again."""
    text, pieces, words = [], [], 0
    for part in parts:
        if isinstance(part, str):
            text.append(part)
            words += len(_WORDS.findall(part))
        elif part[2] > part[1]:
            j, a, b = part
            chunk = texts[j][a:b]
            text.append(chunk)
            pieces.append(part)
            whole = counts is not None and a == 0 and b == len(texts[j])
            words += counts[j] if whole else len(_WORDS.findall(chunk))
    return Shown("".join(text), tuple(pieces), min(p[0] for p in pieces), words)


class StandAlone:
    """How each sentence of one article is shown as a point that stands alone, or None when
    it cannot be: ``StandAlone(texts)(i)``. Worked out on demand and kept (a summarizer asks
    about its best few sentences only).

    In this order: a sentence that does not dangle is shown as it is; a leading connective
    is dropped ("Specifically, CENTCOM works…" -> "CENTCOM works…"), a first letter left in
    lower case capitalised in brackets ("[T]he militants…"); a pronoun or a role noun that
    refers to the one person named in the nearest sentence before that names anyone is
    resolved with that person's fullest name in the article ("He [Lloyd J. Austin III]");
    "these groups" is resolved with the fuller noun phrase of the sentence before that has
    the same noun ("these groups [the various opposition groups in Syria]"); failing all
    that, the sentence before is shown with it, when the two are short together, stand
    alone and belong to the same speaker (``usable`` says which sentences may be shown).
    """

    def __init__(self, texts: Sequence[str], speakers: Sequence[str] | None = None,
                 usable: Callable[[int], bool] | None = None,
                 counts: Sequence[int] | None = None) -> None:
        self.texts = texts
        self.counts = counts  # each sentence's words, when the caller has counted them
        self.speakers = speakers or [""] * len(texts)
        self.usable = usable or (lambda j: True)
        self._shown: dict[int, Shown | None] = {}
        self._alone: dict[int, Shown | None] = {}
        self._raw: dict[int, list[Person]] = {}  # people() of each sentence read
        self._named: dict[int, list[Person]] = {}  # and surnames alone, resolved
        self._full: dict[str, str] = {}  # surname: fullest name, in the sentences read
        self._names_read = 0
        self._whole: dict[int, Shown] = {}

    def __call__(self, i: int) -> Shown | None:
        if i not in self._shown:
            self._shown[i] = self.alone(i) or self._pair(i)
        return self._shown[i]

    def whole(self, i: int) -> Shown:
        """Sentence ``i`` as it is."""
        if i not in self._whole:
            self._whole[i] = _build([(i, 0, len(self.texts[i]))], self.texts, self.counts)
        return self._whole[i]

    def alone(self, i: int) -> Shown | None:
        """Sentence ``i`` standing alone by itself (as it is, or mended), or None."""
        if i not in self._alone:
            self._alone[i] = self._mend(i)
        return self._alone[i]

    # -- the mends ------------------------------------------------------------------------

    def _mend(self, i: int) -> Shown | None:
        text = self.texts[i]
        edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the sentence

        def hanging(text: str) -> Dangle | None:  # a transcript's "I" is its named speaker
            problem = dangling(text)
            named = problem and problem.kind == "first person" and self.speakers[i]
            return None if named else problem

        problem = hanging(text)
        start = 0
        if problem and problem.kind == "connective" and connective(tokens(text)[0]):
            rest = self._after_connective(text, problem)
            if rest is None:
                return None
            edits.append((problem.start, rest, ""))
            if text[rest].islower():
                edits.append((rest, rest + 1, f"[{text[rest].upper()}]"))
            start = rest
            problem = hanging(text[start:])
            if problem:
                problem = Dangle(problem.kind, problem.words, problem.start + start,
                                 problem.end + start)
        if problem:
            insert = self._resolve(i, problem)
            if insert is None:
                return None
            edits.append(insert)
        edits.extend(self._demonstratives(i, start, edits))
        if not edits:
            return self.whole(i)
        shown = self._apply(i, edits)
        return None if hanging(shown.text) else shown

    @staticmethod
    def _after_connective(text: str, problem: Dangle) -> int | None:
        """Where the sentence goes on after its leading connective (and its comma), if what
        follows can open a sentence by itself."""
        m = re.compile(r"\s*,?\s*").match(text, problem.end)
        rest = m.end() if m else problem.end
        if rest >= len(text):
            return None
        follow = _FIRST_WORD.match(text, rest)
        word = follow.group(1) if follow else ""
        comma = "," in text[problem.end : rest]
        if comma or word[:1].isupper() or word.lower().split("'")[0] in _CLAUSE_OPENERS \
                or word.lower().endswith("ly"):
            return rest
        return None

    def _resolve(self, i: int, problem: Dangle) -> tuple[int, int, str] | None:
        """An insertion that resolves ``problem`` (at its end), or None."""
        text = self.texts[i]
        words = problem.words.split()
        last = words[-1].lower().strip(",")
        if problem.kind == "pronoun" and last in {"he", "she", "him", "his", "her"}:
            wanted = "he" if last in {"he", "him", "his"} else "she"
            person = self._antecedent(i, wanted)
            if person is None:
                return None
            name = f"{person}'s" if last in {"his"} or (
                last == "her" and self._possessive(text, problem.end)) else person
            end = problem.end
            clitic = re.compile(r"['’](?:s|d|ll|ve|re|m)\b").match(text, end)
            end = clitic.end() if clitic else end  # "She's [Hillary Clinton] quietly…"
            return (end, end, f" [{name}]")
        if problem.kind == "definite":
            role = last
            if role in _NUMBER_WORDS or role in _COLLECTIVE or (
                    role.endswith("s") and role not in {"actress", "boss", "hostess"}):
                return None  # "The two men", "The suspects", "The couple": not one person
            wanted = ("she" if role in _FEMALE_ROLES else "he" if role in _MALE_ROLES
                      else "")
            person = self._antecedent(i, wanted)
            return None if person is None else (problem.end, problem.end, f" [{person}]")
        if problem.kind == "demonstrative" and last in DEMONSTRATIVES:
            head = self._head_after(text, problem.end)
            if head is None:
                return None
            phrase = self._noun_phrase(i, head[0])
            return None if phrase is None else (head[1], head[1], f" [{phrase}]")
        return None

    @staticmethod
    def _possessive(text: str, end: int) -> bool:
        """Whether "her" at ``end`` is a determiner ("her husband") rather than an object."""
        follow = _FIRST_WORD.match(text, end)
        return bool(follow) and follow.group(1).lower() not in _FUNCTION_WORDS | _AUXILIARIES

    @staticmethod
    def _head_after(text: str, end: int) -> tuple[str, int] | None:
        """The noun a demonstrative determines ("these [new] groups"), and where it ends."""
        head = None
        for m in re.compile(r"\s+([a-z][\w'’-]*)").finditer(text, end):
            if m.start() != (head[1] if head else end):
                break
            word = m.group(1)
            if word in _FUNCTION_WORDS or word in _AUXILIARIES or word.endswith("ly"):
                break
            head = (word, m.end())
        return head

    def _named_in(self, j: int) -> list[Person]:
        """``people`` of sentence ``j``, read once."""
        if j not in self._raw:
            self._raw[j] = [p for p, _ in people(self.texts[j])]
        return self._raw[j]

    def _people(self, j: int) -> list[Person]:
        """The people sentence ``j`` names, a surname alone ("Austin emphasized") included
        when the article names that person in full up to there."""
        if j not in self._named:
            found = list(self._named_in(j))
            full = self._full_names(j)
            seen = {p.surname for p in found}
            for m in _CAPITALISED.finditer(self.texts[j]):
                surname = m.group(1)
                if surname in full and surname not in seen:
                    found.append(Person(full[surname], surname, frozenset({"he", "she"}), ""))
                    seen.add(surname)
            self._named[j] = found
        return self._named[j]

    def _full_names(self, upto: int) -> dict[str, str]:
        """Each surname's fullest name (most words; the first of equals) in the sentences
        up to ``upto``."""
        while self._names_read <= min(upto, len(self.texts) - 1):
            for person in self._named_in(self._names_read):
                known = self._full.get(person.surname, "")
                if len(person.name.split()) > len(known.split()):
                    self._full[person.surname] = person.name
            self._names_read += 1
        return self._full

    def _pronouns_of(self, surname: str, upto: int) -> frozenset[str]:
        """Which of "he" and "she" the article uses for a person, from the sentences before
        ``upto`` that name no one else: where one is used and the other never, that one."""
        he = she = 0
        for j in range(upto):
            if surname not in self.texts[j]:
                continue
            if any(p.surname != surname for p in self._named_in(j)):
                continue  # someone else is named there too
            after = self.texts[j] + " " + (self.texts[j + 1] if j + 1 < upto else "")
            he += len(re.findall(r"\b(?:he|him|his|himself)\b", after, re.IGNORECASE))
            she += len(re.findall(r"\b(?:she|her|hers|herself)\b", after, re.IGNORECASE))
        if he and not she:
            return frozenset({"he"})
        if she and not he:
            return frozenset({"she"})
        return frozenset({"he", "she"})

    def _antecedent(self, i: int, pronoun: str) -> str | None:
        """The fullest name of the one person, fitting ``pronoun`` ("he", "she" or "" for
        either), named in the nearest of the three sentences before ``i`` that names any;
        None if that sentence names none or several."""
        here = {p.surname for p in self._people(i)}
        for j in range(i - 1, max(-1, i - 4), -1):
            found: dict[str, Person] = {}
            for person in self._people(j):
                if person.surname in here:
                    continue  # "He told Obama": not Obama
                if pronoun and (pronoun not in person.pronouns
                                or pronoun not in self._pronouns_of(person.surname, i)):
                    continue
                found.setdefault(person.surname, person)
            if len(found) > 1:
                return None
            if found:
                (person,) = found.values()
                return self._full_names(i - 1).get(person.surname, person.name)
        return None

    def _noun_phrase(self, i: int, head: str) -> str | None:
        """A fuller noun phrase with the same noun in the two sentences before ``i``: a
        determiner, one to four modifiers and the noun, and a place after "in" or "of"
        ("the various opposition groups in Syria")."""
        for j in range(i - 1, max(-1, i - 3), -1):
            if f" {head}" not in self.texts[j]:
                continue
            for m in _noun_phrase_pattern(head).finditer(self.texts[j]):
                modifiers = m.group(2).split()
                if any(w.lower() in _FUNCTION_WORDS | _AUXILIARIES | DEMONSTRATIVES
                       for w in modifiers):
                    continue
                return m.group().strip()
        return None

    def _demonstratives(self, i: int, start: int,
                        edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Insertions resolving "these"/"those" + noun inside the sentence, where the
        sentences before have a fuller phrase with the same noun."""
        text = self.texts[i]
        out: list[tuple[int, int, str]] = []
        if "these " not in text and "those " not in text:
            return out
        for m in re.finditer(r"\b(?:these|those)\b", text[start:]):
            at = m.end() + start
            if any(a <= at <= b for a, b, _ in edits):
                continue
            head = self._head_after(text, at)
            if head is None or head[0] in _NOW_NOUNS:
                continue
            after = text[head[1] : head[1] + 2]
            if after.startswith(" [") or after.strip().startswith("["):
                continue
            phrase = self._noun_phrase(i, head[0])
            if phrase:
                out.append((head[1], head[1], f" [{phrase}]"))
        return out

    def _apply(self, i: int, edits: list[tuple[int, int, str]]) -> Shown:
        """Sentence ``i`` with ``edits`` (drops, and insertions that keep every other
        character where it was)."""
        text = self.texts[i]
        parts: list[tuple[int, int, int] | str] = []
        pos = 0
        for start, end, insert in sorted(edits, key=lambda e: (e[0], e[1])):
            if start > pos:
                parts.append((i, pos, start))
            if insert:
                parts.append(insert)
            pos = max(pos, end)
        parts.append((i, pos, len(text)))
        return _build(parts, self.texts, self.counts)

    def _pair(self, i: int) -> Shown | None:
        """Sentence ``i`` after the one before it, when both are short and stand alone so."""
        j = i - 1
        if j < 0 or not self.usable(j) or self.speakers[j] != self.speakers[i]:
            return None
        before = self.alone(j)
        if before is None or before.first != j:
            return None
        whole = self.whole(i)
        if before.words + whole.words > PAIR_MAX_WORDS:
            return None
        return _build([*_parts_of(before, self.texts), " ", (i, 0, len(self.texts[i]))],
                      self.texts, self.counts)


@lru_cache(maxsize=256)
def _noun_phrase_pattern(head: str) -> re.Pattern[str]:
    """A determiner, one to four modifiers, ``head``, and maybe a named place after it."""
    return re.compile(
        rf"\b(?:(the|its|their|his|her|our|[A-Z][\w-]*['’]s)\s+)((?:[\w-]+\s+){{1,4}})"
        rf"{re.escape(head)}\b((?:\s+(?:in|of|from|at)\s+(?:the\s+)?[A-Z][\w-]*"
        rf"(?:\s+[A-Z][\w-]*)*)?)"
    )


def _parts_of(shown: Shown, texts: Sequence[str]) -> list[tuple[int, int, int] | str]:
    """``shown`` back as parts: its pieces with the inserted text between them."""
    parts: list[tuple[int, int, int] | str] = []
    pos = 0
    for piece in shown.pieces:
        chunk = texts[piece[0]][piece[1] : piece[2]]
        at = shown.text.index(chunk, pos)
        if at > pos:
            parts.append(shown.text[pos:at])
        parts.append(piece)
        pos = at + len(chunk)
    if pos < len(shown.text):
        parts.append(shown.text[pos:])
    return parts
