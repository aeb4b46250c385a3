"""Themes: the taxonomy a briefing is organised by, and the classifier that files points in it.

    taxonomy.py    the themes as TOML data (shipped defaults, a user's file on top)
    features.py    text to features, shared with the offline training
    news.py        the shipped model of what kind of news a text is (news_model.npz)
    taught.py      what the taxonomy's own descriptions, examples and terms teach, at start-up
    classifier.py  the two together: themes per key point and per article, with evidence
    explanation.py the evidence a person reads for a decision: `themes explain`, the evidence
                   beside each point in briefing.json
    learn.py       `themes learn`: labelled examples into a user's themes file

training/build_theme_model.py rebuilds news_model.npz from its pinned public corpora.
"""

from briefing.themes.classifier import (
    ArticleThemes,
    Classifier,
    Explanation,
    Settings,
    ThemeExplanation,
)
from briefing.themes.learn import learn
from briefing.themes.taxonomy import DEFAULT_THEMES_FILE, Taxonomy, Term, Theme, load_taxonomy

__all__ = [
    "DEFAULT_THEMES_FILE",
    "ArticleThemes",
    "Classifier",
    "Explanation",
    "Settings",
    "Taxonomy",
    "Term",
    "Theme",
    "ThemeExplanation",
    "learn",
    "load_taxonomy",
]
