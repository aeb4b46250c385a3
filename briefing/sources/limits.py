"""Caps on what one source may bring into a build (README, "Limits").

A feed of 100,000 entries or an article of 50 MB must cost a build no more than a large
ordinary source: the readers keep the first `max_entries` entries of a feed and the first
`max_article_bytes` bytes of an article's text, and say so in one warning each. Both come
from `briefing.toml` (`sources.max_entries_per_feed`, `sources.max_article_bytes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from briefing.model import Article

if TYPE_CHECKING:
    from briefing.config import Config


@dataclass(frozen=True)
class ReadLimits:
    max_entries: int = 1_000
    """Entries read per feed, in the feed's order; the rest are skipped with a warning."""
    max_article_bytes: int = 1_000_000
    """Bytes (UTF-8) of text kept per article; the rest is dropped with a warning."""

    @classmethod
    def from_config(cls, config: Config) -> ReadLimits:
        return cls(max_entries=config.sources.max_entries_per_feed,
                   max_article_bytes=config.sources.max_article_bytes)


DEFAULT_LIMITS = ReadLimits()


def cut_text(text: str, max_bytes: int) -> str | None:
    """`text` cut to at most `max_bytes` bytes of UTF-8 (None when it fits), at the last
    paragraph or line break in the final tenth of that, else at the last space in its
    second half, so no word or character is split; else exactly at the cap."""
    if len(text) * 4 <= max_bytes:  # no character takes more than four bytes: it fits
        return None
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return None
    head = data[:max_bytes].decode("utf-8", "ignore")  # a character cut in two is dropped
    for mark, floor in (("\n", 0.9), (" ", 0.5)):
        cut = head.rfind(mark)
        if cut >= floor * len(head):
            return head[:cut].rstrip()
    return head


def over_size(where: str, article: Article, size: int, max_bytes: int) -> str:
    """The warning for an article whose text was cut: names it, its size and the key."""
    name = f"{article.title[:60]!r}" if article.title else f"id {article.id!r}"
    return (f"{where}: article {name} has {size:,} bytes of text; only the first "
            f"{max_bytes:,} were read (sources.max_article_bytes)")


MAX_TITLE_CHARS = 1_000
"""Characters of a title kept: a headline has a hundred or so. A front matter or feed that
put the body in its title gave briefing.json and the store all of it (the Markdown, HTML
and PDF clip what they show)."""


def cut_title(title: str, limit: int = MAX_TITLE_CHARS) -> str | None:
    """`title` cut to `limit` characters at its last space in the second half of them,
    else exactly at `limit`, and ended with "…"; None when it fits."""
    if len(title) <= limit:
        return None
    cut = title[:limit]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def cap_article(article: Article, max_bytes: int, where: str = "") -> tuple[Article, list[str]]:
    """The article with its text cut to `max_bytes` (`cut_text`) and its title to
    `MAX_TITLE_CHARS` (`cut_title`), and a warning naming it for each cut."""
    where = where or article.path or article.url or article.source or "source"
    problems = []
    if (title := cut_title(article.title)) is not None:
        problems.append(f"{where}: article {article.title[:60]!r} has a title of "
                        f"{len(article.title):,} characters; only the first "
                        f"{MAX_TITLE_CHARS:,} were kept")
    cut = cut_text(article.text, max_bytes)
    if cut is not None:
        size = len(article.text.encode("utf-8"))
        problems.append(over_size(where, article, size, max_bytes))
    if title is not None or cut is not None:
        article = replace(article, title=title or article.title,
                          text=article.text if cut is None else cut)
    return article, problems


def cap_articles(articles: Iterable[Article], max_bytes: int, warnings: list[str],
                 where: str = "") -> list[Article]:
    """`cap_article` over `articles`, each warning appended to `warnings`."""
    out = []
    for article in articles:
        article, problems = cap_article(article, max_bytes, where)
        out.append(article)
        warnings.extend(problems)
    return out
