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


def cap_article(article: Article, max_bytes: int, where: str = "") -> tuple[Article, str | None]:
    """The article with its text cut to `max_bytes` (`cut_text`) and the warning naming
    it; the article as it is, and None, when its text fits."""
    cut = cut_text(article.text, max_bytes)
    if cut is None:
        return article, None
    size = len(article.text.encode("utf-8"))
    where = where or article.path or article.url or article.source or "source"
    return replace(article, text=cut), over_size(where, article, size, max_bytes)


def cap_articles(articles: Iterable[Article], max_bytes: int, warnings: list[str],
                 where: str = "") -> list[Article]:
    """`cap_article` over `articles`, each warning appended to `warnings`."""
    out = []
    for article in articles:
        article, problem = cap_article(article, max_bytes, where)
        out.append(article)
        if problem:
            warnings.append(problem)
    return out
