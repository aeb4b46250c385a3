"""The English words the point rules share: who a pronoun or a role noun can be, what
links a sentence to the one before, what opens a fronted phrase.

``briefing.standalone`` (does a point dangle), ``briefing.referents`` (whom it can mean)
and ``briefing.mending`` (how to mend it) read the same words; they live here, once, so a
word added to a list is added for every rule that asks about it. Each list is general
English, not fitted to any data set.
"""

from __future__ import annotations

import re


def word_set(words: str) -> frozenset[str]:
    """The words of ``words``, split on white space: the word lists below."""
    return frozenset(words.split())


PRONOUNS = word_set(
    """he she it they him her them his its their hers theirs himself herself itself
    themselves"""
)
DEMONSTRATIVES = word_set("this that these those")
# Coordinators: they link to the sentence before whatever follows them.
COORDINATORS = word_set("but and or so yet nor plus")
# Sentence adverbs that link to what came before; counted with or without a comma.
LINKING_ADVERBS = word_set(
    """however also instead meanwhile moreover furthermore nevertheless nonetheless
    specifically indeed additionally likewise similarly thus therefore hence
    consequently accordingly otherwise conversely alternatively incidentally regardless
    anyway afterward afterwards subsequently thereafter then"""
)
# Adverbs that link only when a comma follows ("Still, …" but "Still more…";
# "Besides, …" but "Besides the meeting itself, …", a preposition; "Further, …" as
# "Furthermore, …" but "Further talks…").
COMMA_ADVERBS = word_set(
    """besides still again later earlier finally first second third lastly rather notably
    importantly separately elsewhere ultimately now further"""
)
# Verbs that report someone's words ("she said", "told reporters"): what follows them is
# that person's, not the writer's.
SPEECH_VERBS = word_set(
    """said says told tells added adds stated noted explained declared announced wrote
    tweeted posted insisted argued warned asked replied continued acknowledged admitted
    claimed stressed urged recalled testified"""
)
# The writer's comment on what the sentence tells ("Thankfully, no one was hurt",
# "Sadly, …", "Ironically, …"), before a comma: an opinion framed as the writer's, which a
# key point shown alone does not carry (issue 20); dropped as a linking connective is, the
# rest of the sentence kept verbatim. Without the comma it is the manner of a verb ("Sadly
# missed by his family…") and stays.
WRITER_ADVERBS = word_set(
    """thankfully fortunately unfortunately luckily unluckily sadly happily mercifully
    regrettably tragically ironically interestingly surprisingly unsurprisingly predictably
    remarkably curiously oddly strangely amazingly"""
)
# Adverbs that stand between a subject and its verb ("The letter also accused…"): after
# one, the words of a "The …" opening are no longer its noun phrase, and the next word is
# its verb ("The law also prohibits…").
VERB_ADVERBS = word_set(
    """also then now later still never just already reportedly allegedly apparently
    previously recently quickly immediately"""
)
# Prepositions: one whose object is a pronoun or demonstrative points back ("Despite this"),
# and one opens a fronted adverbial ("In a statement, …").
PREPOSITIONS = word_set(
    """after before because despite during following since until unlike like besides beyond
    against for from in on at by with without through under over about amid among given
    to of into"""
)
# "this year", "these days": the time of writing, not a back-reference ("that day" is one).
NOW_NOUNS = word_set(
    """year week month day morning afternoon evening night weekend season summer winter
    spring autumn fall time days weeks months years century decade"""
)
# "Many of them", "Both he and…"
QUANTIFIERS = word_set(
    """all both each either neither none some many most several few one two three half any"""
)
# Nouns that, after a news article's first sentence, retell what it told under another word
# ("The blast…" after "A bomb went off…", "The deal…" after "…agreed to buy…"): an event,
# a statement or a document, an organisation of a kind. "The" before one, unnamed, points
# back, as before a role noun.
TELLING_NOUNS = word_set(
    """incident attack attacks blast explosion bombing crash accident collision fire quake
    earthquake storm flood shooting robbery raid raids violence crackdown clashes protest
    protests rally deal agreement merger acquisition takeover sale company firm group
    announcement statement decision move plan proposal bill law measure report study
    research survey poll findings result results case trial ruling verdict charges vote
    election game match race operation mission probe investigation inquiry payments scheme
    programme program project toll authorities issue question facility talks meeting summit
    visit speech interview letter ceremony campaign strike ban policy reform contract treaty
    offer bid crew data ads recommendations reports sources victory win defeat warning
    allegations accusations claims changes remarks"""
)
# General nouns of what happened, that "the" before points back to wherever they stand in a
# sentence ("At least 26 injuries were reported as a result of the incident.", "The chief
# constable commented on the incident.", "…having flown in for the event."): they say
# nothing of what it was, so only the sentences before say which. A specific noun ("the
# crash", "the blast") at least tells the kind of event; read on a Wikinews sample it too
# left a point hanging, but the sentences it cost were news the dev set's summaries keep
# (ROUGE-1 -0.1), so only the opening "The blast…" of ``TELLING_NOUNS`` counts for those.
EVENT_NOUNS = word_set("incident incidents event events tragedy disaster")
# How an earlier word of the same text tells of such an event, so that "the incident" after
# it is no back-reference ("A bomb exploded outside the embassy in what police called the
# worst incident…"): word starts of events (not of the harm they do: "26 injuries were
# reported as a result of the incident" does not say what happened).
EVENT_STEMS = (
    "incident", "event", "attack", "blast", "explo", "bomb", "crash", "accident", "collid",
    "collision", "shoot", "shot", "gunfire", "robb", "raid", "quake", "tragedy", "disaster",
    "fire", "storm", "flood", "derail", "collaps", "stab", "ceremon",
)
# Nouns that name a person by role: occupation, office, kinship, age or sex, and a few
# collective person nouns. "The" before one of these, unidentified, points back.
ROLE_NOUNS = word_set(
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
    pensioner pensioners retiree retirees farmer fisherman athlete boxer cyclist climber
    hiker tourist motorist pedestrian astronaut firefighter forward winger
    researcher scientist expert analyst investigator detective sheriff deputy monarch king
    queen prince princess duke duchess pope bishop priest pastor imam rabbi singer-songwriter
    historian economist novelist poet playwright filmmaker composer trustee astronomer
    physicist biologist chemist archaeologist psychologist sociologist philosopher
    mathematician engineer architect lecturer columnist commentator broadcaster blogger
    editor banker lobbyist campaigner"""
)
# Numbers that head a "The …" noun phrase of people ("The two men", "The three ships").
NUMBER_WORDS = word_set("two three four five six seven eight nine ten dozen both")
YEAR_OLD = re.compile(r"^\d+-year-old$|^[a-z]+-year-old$|^years?-old$")  # "twenty-two year-old"
# Words of grammar, not content: a noun phrase ends before one, and none is a name.
FUNCTION_WORDS = word_set(
    """a an the of to in on at by for with from and or but not no as is was are were be
    been has have had that this these those who whom whose which what when where why how
    it its he she they his her their him them we us our you your i me my"""
)
# Fronted adverbials: a prepositional phrase or an adverbial clause before a comma.
FRONTING_WORDS = PREPOSITIONS | word_set(
    "when while as although though if once whereas where according"
)
# Days and months, as written: capitalised, yet neither a name nor a surname.
CALENDAR_WORDS = word_set(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Jan Feb Mar Apr Jun Jul Aug
    Sep Sept Oct Nov Dec Dec. Jan. Feb. Aug. Sept. Oct. Nov."""
)



def plural_role(role: str) -> bool:
    """Whether a role noun of ``ROLE_NOUNS`` names several people ("troops", "witnesses"):
    its plural's -s, not the -ss of "actress", "princess" or "witness"."""
    return role.endswith("s") and not role.endswith("ss")


# Role nouns that say which pronoun fits: "the actress" is no "he", "the nephew" no "she".
FEMALE_ROLES = word_set(
    """woman women girl mother mom mum daughter wife widow sister actress grandmother
    granddaughter aunt niece queen princess duchess comedienne spokeswoman chairwoman
    congresswoman businesswoman fiancée girlfriend"""
)
MALE_ROLES = word_set(
    """man men boy father dad son husband widower brother grandfather grandson uncle nephew
    king prince duke spokesman chairman congressman businessman fiancé boyfriend gunman"""
)
# Role nouns that name more than one person: never resolved with one person's name.
COLLECTIVE_ROLES = word_set("couple pair duo trio family parents children kids troops")
