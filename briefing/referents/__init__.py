"""Who a point's back-reference can be: the people an article names, as it names them.

``people`` finds the people a sentence names: a title and a name ("Secretary Austin",
"Gen. Michael Kurilla"), or a given name and a surname that the gazetteer does not know as
a place or an organisation ("Yasar Guler"), with which pronouns fit each ("Mrs. Smith" is
no "he").

Where each part is, one module a part, each reading only those listed before it:

* ``named_people``: the people an article names (``people``, ``Person``), with the
  patterns and the word helper the other two share;
* ``thing_names``: the name of a thing a definite noun phrase refers back to
  (``thing_mentions``: "the Tavorak volcano" for "The volcano");
* ``back_references``: who a back-reference refers to (``Referents``, ``Mention``): a
  pronoun ("he"), a role noun ("the president") or a thing ("the volcano").
"""

from briefing.referents.back_references import LOOK_BACK, Mention, Referents
from briefing.referents.named_people import Person, people
from briefing.referents.thing_names import thing_mentions

__all__ = [
    # the people an article names (named_people.py)
    "Person",
    "people",
    # the name of a thing a definite noun phrase refers back to (thing_names.py)
    "thing_mentions",
    # who a back-reference refers to (back_references.py)
    "LOOK_BACK",
    "Mention",
    "Referents",
]
