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

Where each rule is, one group of ideas a module, each module reading only those listed
before it:

* ``dangle``: ``Dangle``, what every rule returns;
* ``tokenizing``: a sentence's opening as words (``tokens``) and the small word helpers
  the rules share;
* ``quotes``: quotation marks, the quotations that run over several sentences
  (``quotations``), and ``quoted_speaker``;
* ``voice``: the writer's ``writer_first_person``, ``second_person_opening`` and
  ``reader_addressed``, read in the writer's own words (before a quotation mark);
* ``connectives``: ``connective`` (with ``relative_time``: "Six hours later,");
* ``definite``: ``definite_role`` for "The comedian", ``definite_thing`` for "The blast";
* ``opening``: ``dangle_at`` for what opens a clause (a pronoun, unless ``_expletive_it``;
  a demonstrative; a back-reference; a definite one), ``dangle_after_fronted`` for a
  fronted adverbial and the clause after it;
* ``fragments``: the rules read over the whole point (``elliptical``,
  ``trailing_object``, ``event_reference``);
* ``point``: ``_opening`` ties the opening's rules together, with the quick rejections
  that keep most sentences cheap and "News of her death…" (a possessive of no one named);
  ``dangling`` reads every rule in turn, and ``dangling_as_shown`` a point as a briefing
  shows it.

The word lists these share with ``briefing.referents`` and ``briefing.mending`` are in
``briefing.words``.

A word followed by an insertion in square brackets ("He [Lloyd J. Austin III]",
"[T]he") has been resolved and does not dangle: that is how ``summarize`` mends a point.
A named institution ("The United Nations said…", "The European Central Bank raised…")
stands alone, and so do nouns outside ``TELLING_NOUNS`` ("The rain also soaked…"): read
alone, the text says nothing of whether the article told of them before; the mending,
which has the article, also passes over "The <noun>" subjects that retell a noun of the
sentences before (``briefing.mending``).
"""

from briefing.standalone.connectives import LINKING_PHRASES, connective, relative_time
from briefing.standalone.dangle import Dangle
from briefing.standalone.definite import CALENDAR_LOWER, VERB_CUES, definite_role, definite_thing
from briefing.standalone.fragments import elliptical, event_reference, trailing_object
from briefing.standalone.point import dangling, dangling_as_shown
from briefing.standalone.quotes import DOUBLE_QUOTES, QUOTE_SPAN, quotations, quoted_speaker
from briefing.standalone.tokenizing import FIRST_WORD, tokens
from briefing.standalone.voice import (
    FIRST_PERSON,
    FRONTED_SECOND_PERSON,
    SECOND_PERSON,
    SECOND_PERSON_WORD,
)

__all__ = [
    "CALENDAR_LOWER",
    "DOUBLE_QUOTES",
    "Dangle",
    "FIRST_PERSON",
    "FIRST_WORD",
    "FRONTED_SECOND_PERSON",
    "LINKING_PHRASES",
    "QUOTE_SPAN",
    "SECOND_PERSON",
    "SECOND_PERSON_WORD",
    "VERB_CUES",
    "connective",
    "dangling",
    "dangling_as_shown",
    "definite_role",
    "definite_thing",
    "elliptical",
    "event_reference",
    "quotations",
    "quoted_speaker",
    "relative_time",
    "tokens",
    "trailing_object",
]
