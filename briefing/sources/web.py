"""Articles from the web: a feed URL, a page URL, a saved feed file, or many URLs at once.

A URL is a feed or a page by what comes back (see `feeds.looks_like_feed`), not by
how it is spelled; one configured as kind = "feed" (`read_each`'s `feeds_only`) must be a
feed, so a dead feed redirected to a home page fails rather than be briefed. A feed
entry that carries only a teaser gets its linked page fetched and extracted; if that page
cannot be had, the teaser is kept and the problem reported, because the title and first
lines are still news. Teaser links are found inside the feed, so they are held to the
address rule (`addresses.py`: public addresses or the feed's own origin), and at most
`max_followups` of a feed's teasers are followed, none begun after `followup_time_s`.

Ids are stable across runs and machines: a short hash of the entry's GUID (else its
link) or of the page's URL, so the store recognises an article it has seen.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Container, Mapping, MutableMapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from briefing.errors import SourceError
from briefing.genre import is_opinion
from briefing.model import Article
from briefing.sources.addresses import RefusedAddress, with_links_judged
from briefing.sources.feeds import (
    JSON_FEED,
    FeedEntry,
    first_entries,
    is_json_feed,
    looks_like_feed,
    parse_feed,
)
from briefing.sources.fetch import DirectUnreachable, FetchSettings, Response, fetch
from briefing.sources.garbled import repaired
from briefing.sources.html import (
    Page,
    decode_html,
    extract_page,
    feed_links,
    is_unusable,
    page_title,
)
from briefing.sources.limits import cap_articles
from briefing.urls import canonical_url

log = logging.getLogger(__name__)

TEASER_WORDS = 150  # a summary-only entry with fewer words is a teaser of its page
_ELLIPSIS_END = re.compile(
    r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|\bRead more\W*|\bContinue reading\W*)$", re.IGNORECASE
)
_WORD = re.compile(r"\w+")


def article_id(key: str) -> str:
    """A short, stable id for a GUID or URL (16 hex digits of its SHA-256)."""
    return hashlib.sha256(key.strip().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Validators:
    """What a server said identifies its answer: sent back to make the next GET conditional."""

    etag: str | None = None
    last_modified: str | None = None


# URL -> Validators, in and out: read from to make requests conditional, updated after each
# successful fetch (a 304 keeps what the server sends, else what was there).
State = MutableMapping[str, Validators]


@dataclass(frozen=True)
class UrlRead:
    """What one URL gave: its articles, notes on problems, and how the fetch went."""

    url: str
    articles: list[Article] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the failure, or entries' problems
    ok: bool = True  # fetched (200 or 304, which gives no articles); False: `notes` says why
    validators: Validators = Validators()


# --- one source ----------------------------------------------------------------------


def read_url(
    url: str,
    settings: FetchSettings,
    *,
    tz: tzinfo,
    warnings: list[str] | None = None,
    state: State | None = None,
) -> list[Article]:
    """The articles behind one URL: a feed's entries, or a page as one article.

    Raises SourceError if the URL cannot be fetched, or is a page without usable text
    (a cookie wall, a paywall stub, a listing page). Problems with single entries (a
    teaser whose page could not be had) go to `warnings` when given, else to the log.
    With `state`, the request carries the URL's stored validators (If-None-Match,
    If-Modified-Since); an unchanged URL (304) gives no articles, and after a successful
    fetch `state[url]` holds the new validators. `tz` is the briefing's timezone, in
    which a date without one is read.
    """
    got = _read_url(url, settings, tz, state.get(url) if state is not None else None)
    if state is not None:
        state[url] = got.validators
    _report(got.notes, warnings)
    return got.articles


def _read_url(
    url: str, settings: FetchSettings, tz: tzinfo, known: Validators | None = None,
    stored: Container[str] = frozenset(), feed_only: bool = False,
) -> UrlRead:
    """What `url` gave; with `feed_only` (a source configured as kind = "feed"), anything
    but a feed is a SourceError saying what came instead."""
    known = known or Validators()
    response = fetch(url, settings, etag=known.etag, last_modified=known.last_modified)
    validators = Validators(response.etag, response.last_modified)
    notes: list[str] = []
    if response.moved_to:  # said at every run: the old address may stop answering any day
        target, code = response.moved_to
        if _offerable(target):
            notes.append(f"{url}: moved permanently to {target} (HTTP {code}); configure "
                         "the new address")
        else:  # the site's Location, said at every run: not 20,000 characters each time
            notes.append(f"{url}: moved permanently to an address of {len(target):,} "
                         f"characters, not shown (HTTP {code})")
    if response.not_modified:  # a 304 need not repeat the validators: keep the known ones
        validators = Validators(response.etag or known.etag,
                                response.last_modified or known.last_modified)
        return UrlRead(url, notes=notes, validators=validators)
    if looks_like_feed(response.body, response.content_type):
        # Not the Content-Type as served: the XML declaration is the more reliable
        # charset for feeds, and RFC 3023's us-ascii default for text/xml garbles them.
        # The charset counts only for a feed that names none (`feeds._content_type`).
        entries = _first_entries(response.body, response.url, url, settings, notes, tz,
                                 response.charset)
        articles, problems = _feed_articles(entries, url, settings, tz, stored)
        notes += problems
    elif is_json_feed(response.body, response.content_type):
        raise SourceError(f"{url}: {JSON_FEED}")
    elif feed_only:
        raise SourceError(_not_a_feed(response, url))
    else:
        articles = [_page_article(response, url, tz)]
    articles = cap_articles(map(repaired, articles), settings.limits.max_article_bytes, notes,
                            url)
    articles = with_links_judged(articles, url)
    return UrlRead(url, articles, notes, validators=validators)


def read_feed_file(
    path: Path, settings: FetchSettings, *, tz: tzinfo, warnings: list[str] | None = None
) -> list[Article]:
    """The entries of a saved .xml/.rss/.atom feed; teasers get their pages fetched."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(f"{path}: cannot read ({e.strerror or e})") from None
    notes: list[str] = []
    entries = _first_entries(data, "", str(path), settings, notes, tz)
    if not entries:  # said, or a `read` of it alone would blame the file's kind
        raise SourceError(f"{path}: a feed with no entries, skipped")
    articles, problems = _feed_articles(entries, str(path), settings, tz)
    _report(notes + problems, warnings)
    return articles


def _first_entries(data: bytes, base_url: str, where: str, settings: FetchSettings,
                   notes: list[str], tz: tzinfo, charset: str | None = None
                   ) -> list[FeedEntry]:
    """The feed's first `max_entries` entries (`sources.max_entries_per_feed`), and one note
    naming the feed and its count when it has more. Only those entries are parsed
    (`feeds.first_entries`), so the cost of a huge feed is the cost of the cap."""
    cap = settings.limits.max_entries
    head, total = first_entries(data, cap)
    entries = parse_feed(head, base_url, tz=tz, source_name=where, charset=charset)
    if head is not data and len(entries) < cap:  # the cut lost entries: read the whole
        entries = parse_feed(data, base_url, tz=tz, source_name=where, charset=charset)
    total = max(total, len(entries))
    if total > cap:
        notes.append(f"{where}: {total:,} entries; only the first {cap:,} were read "
                     "(sources.max_entries_per_feed)")
    return entries[:cap]


def _report(notes: list[str], warnings: list[str] | None) -> None:
    if warnings is not None:
        warnings.extend(notes)
    else:
        for note in notes:
            log.warning("%s", note)


def _not_a_feed(response: Response, url: str) -> str:
    """One line for a source configured as a feed that served something else: a site's home
    page that a dead feed now redirects to, a sign-in wall or a bot check ("Just a
    moment..."), each named by its title, and the feed the page links to, if it does."""
    ctype = response.content_type
    if ctype and "html" not in ctype and ctype != "text/plain":
        return f'{url}: not a feed ({_named_type(ctype)}; kind = "feed"), skipped'
    html = decode_html(response.body, response.charset)
    title = page_title(html)
    hint = _feed_hint(html, response.url, besides=(url, response.url))
    named = f" ({title[:80]!r})" if title else ""
    return f'{url}: a web page{named}, not a feed (kind = "feed"), skipped{hint}'


def _feed_hint(html: str, page_url: str, besides: Sequence[str] = ()) -> str:
    """" (the page links to a feed: URL)", for a warning about a page read where an
    article or a feed was wanted: the first feed the page advertises that may be offered
    (`_offerable`) and is none of `besides` (the address that gave the page); else ""."""
    feeds = [f for f in feed_links(html, page_url) if f not in besides and _offerable(f)]
    return f" (the page links to a feed: {feeds[0]})" if feeds else ""


# A feed address of more than this is no address a reader would configure
_HINT_CHARS = 500


def _offerable(link: str) -> bool:
    """Whether a feed link the page gives may be offered as the address to configure: the
    page is the site's (or whoever answers there now), so a javascript: or data: "feed",
    one with a bidi override or another character drawn as nothing (it turns the rest of
    the warning around, on the terminal and in the briefing's notes), or one of thousands
    of characters is left out of the message."""
    try:
        scheme = urlsplit(link).scheme
    except ValueError:  # "http://[::1": no address at all
        return False
    return scheme in ("http", "https") and len(link) <= _HINT_CHARS and link.isprintable()


# A media type as RFC 9110 spells one (type "/" subtype, each a token), of a sane length
_MEDIA_TYPE = re.compile(r"[a-z0-9!#$%&'*+.^_`|~-]{1,60}/[a-z0-9!#$%&'*+.^_`|~-]{1,80}")


def _named_type(ctype: str) -> str:
    """A Content-Type (the server's, untrusted) as a message names it: as it is when it is
    a media type, else quoted, escaped and cut, so a bidi override in it (UTF-8 in the
    header) does not turn the rest of the line around, nor 20,000 characters make it."""
    return ctype if _MEDIA_TYPE.fullmatch(ctype) else repr(ctype[:60])


def _check_page_type(response: Response, url: str) -> None:
    """Refuse a PDF, an image or JSON: trafilatura would find "text" in any bytes."""
    ctype = response.content_type
    if ctype and "html" not in ctype and ctype not in ("text/plain", "application/xml"):
        raise SourceError(f"{url}: not a web page or a feed ({_named_type(ctype)})")


def _page_article(response: Response, url: str, tz: tzinfo) -> Article:
    """One page as an article, or SourceError saying why it is not one."""
    _check_page_type(response, url)
    html = decode_html(response.body, response.charset)
    page = extract_page(html, url=response.url, tz=tz)
    reason = is_unusable(page)
    if reason:
        hint = _feed_hint(html, response.url)
        raise SourceError(f"{url}: {reason}, skipped{hint}")
    return Article(
        id=article_id(urldefrag(response.url).url),
        title=page.title,
        text=page.text,
        source=page.site,
        url=response.url,
        published=page.published,
        opinion=is_opinion(response.url, page.title, text=page.text) or is_opinion(url),
    )


# --- feeds ---------------------------------------------------------------------------


def is_teaser(entry: FeedEntry) -> bool:
    """True if the entry's text is only a lead-in to its page.

    Full content (content:encoded, atom:content) is taken as the article unless it is
    visibly cut off ("…", "[…]", "Read more"); a summary alone is a teaser when it is
    short or cut off. Either way the linked page replaces the text only if it has more.
    """
    if not entry.link:
        return False
    text = (entry.content or entry.summary).strip()
    if _ELLIPSIS_END.search(text):
        return True
    return not entry.content and len(_WORD.findall(text)) < TEASER_WORDS


def _feed_articles(
    entries: list[FeedEntry], where: str, settings: FetchSettings, tz: tzinfo,
    stored: Container[str] = frozenset(),
) -> tuple[list[Article], list[str]]:
    """Articles for a feed's entries, fetching teasers' pages in parallel.

    `where` is the feed's configured URL (its origin is trusted, see `fetch`) or its
    file's path. Only the first `settings.max_followups` teasers, in the feed's order
    (newest first, as feeds list them), get their pages fetched; the others are briefed
    from the feed's own text, as a teaser whose page could not be had is: the cap bounds
    the requests one feed can cause, not what the feed says. So does
    `settings.followup_time_s`: no page is begun once that long has passed, so a site that
    answers each page at the last second costs about that long, not a timeout per teaser.
    Each over the cap, those left when the time is up, and each refused link's host, are
    one note, not one per entry.

    An entry whose article is already `stored` (its id or its link's canonical URL is
    among them: the store would take the page for the copy it has) is not followed: the store
    keeps the copy it has, so fetching its page again would be a request for nothing, and
    a news feed changes at every poll.
    """
    entries = _each_entry_once(entries)
    known = {i for i, e in enumerate(entries)
             if article_id(_entry_key(e, where)) in stored or canonical_url(e.link) in stored}
    teasers = [i for i, e in enumerate(entries) if is_teaser(e) and i not in known]
    capped = set(teasers[max(settings.max_followups, 0):])
    followed = set(teasers) - capped
    until = time.monotonic() + settings.followup_time_s
    late: set[int] = set()  # teasers not followed: the feed's time for its pages was up
    # teasers not followed, or failed: a link could not be reached directly while a proxy
    # is set, so the network's only way out is likely the proxy, which they never take
    unreachable: list[DirectUnreachable] = []
    cut_off: set[int] = set()

    def one(item: tuple[int, FeedEntry]) -> tuple[Article | None, str | SourceError | None]:
        i, entry = item
        follow = i not in capped and i not in known
        if i in followed and time.monotonic() > until:
            late.add(i)
            follow = False
        elif i in followed and unreachable:
            cut_off.add(i)
            follow = False
        article, note = _entry_article(entry, where, settings, tz, follow=follow)
        if isinstance(note, DirectUnreachable):
            unreachable.append(note)
        return article, note

    results = _map_ordered(one, list(enumerate(entries)), settings)
    articles = [a for a, _ in results if a is not None]
    notes = [n for _, n in results if isinstance(n, str)]
    if unreachable:
        notes.append(
            f"{where}: {len(unreachable) + len(cut_off):,} of {len(teasers):,} teaser "
            f"entries not followed to their pages: {unreachable[0].why}; briefed from the "
            "feed's own text"
        )
    refused = Counter((n.host, n.kind) for _, n in results if isinstance(n, RefusedAddress))
    for (host, kind), n in refused.items():
        links = "a link" if n == 1 else f"{n} links"
        notes.append(
            f"{where}: {links} to {host} not fetched ({kind} address); links found inside a "
            "source may reach only public addresses or the source's own origin "
            "(sources.allow_private_links = true lifts this)"
        )
    if capped:
        notes.append(
            f"{where}: {len(capped):,} of {len(teasers):,} teaser entries not "
            f"followed to their pages (sources.max_followups = {settings.max_followups}); "
            "briefed from the feed's own text"
        )
    if late:
        notes.append(
            f"{where}: {len(late):,} of {len(teasers):,} teaser entries not followed to their "
            f"pages (their {settings.followup_time_s:g} s for the feed's pages ran out); "
            "briefed from the feed's own text"
        )
    return articles, notes


def _entry_article(
    entry: FeedEntry, where: str, settings: FetchSettings, tz: tzinfo, *,
    follow: bool = True
) -> tuple[Article | None, str | SourceError | None]:
    """One entry as an article, and a note on any problem (one line, said once).

    A teaser's page is fetched when `follow`; a link refused by the address rule comes
    back as its RefusedAddress (the caller makes one note per host), and the article
    keeps the feed's text without that link. An entry with a headline but no text of its
    own, whose page is not had (a 404, a paywall, a refused address, over the cap), is kept
    with its headline alone: the summarizer briefs it by its headline, as it does any
    headline-only item. Only an entry with neither is skipped.
    """
    text, url, published = entry.content or entry.summary, entry.link, entry.published
    title = entry.title
    problem: str | SourceError | None = None
    if follow and is_teaser(entry):
        try:
            page = _fetch_page(entry.link, settings, where, tz)
        except RefusedAddress as e:
            problem, url = e, ""
        except DirectUnreachable as e:  # the caller says it once for the feed
            problem = e
        except SourceError as e:
            problem = str(e)
        else:
            title = title or page.title  # an RSS item need not have a title
            if len(_WORD.findall(page.text)) > len(_WORD.findall(text)):
                text, url = page.text, page.url
                published = published or page.published
    label = f"{where}: entry {entry.title[:60]!r}"
    if not text.strip() and not _WORD.search(title):
        if isinstance(problem, (RefusedAddress, DirectUnreachable)):
            return None, problem
        if not follow:  # a teaser over the cap: counted in the feed's one note about it
            return None, None
        return None, f"{label}: no text{f' ({problem})' if problem else ''}, skipped"
    article = Article(
        id=article_id(_entry_key(entry, where)),
        title=title,
        text=text,
        source=entry.source,
        url=url if _is_web(url) else "",  # never a file: or javascript: link
        published=published,
        # the entry's own link too: the page it redirects to may drop the section's name
        opinion=(is_opinion(entry.link, title, entry.categories, text)
                 or is_opinion(url)),
    )
    if isinstance(problem, str):
        kept = "kept the feed's text" if text.strip() else "briefed by its headline"
        return article, f"{label}: {problem}; {kept}"
    return article, problem


def _each_entry_once(entries: list[FeedEntry]) -> list[FeedEntry]:
    """The entries, one that the feed lists again under the same GUID and link (an update
    kept beside the old one) read once: its latest-dated copy, else its first, in the
    place of its first. The same GUID on different links is the feed's mistake, not one
    entry: those stay, each read under an id of its own (`own_ids`)."""
    chosen: dict[tuple[str, str], FeedEntry] = {}
    for e in entries:
        key = (e.guid, canonical_url(e.link) or e.link)
        had = chosen.get(key)
        if had is None or (e.published and (had.published is None
                                            or e.published > had.published)):
            chosen[key] = e
    once: list[FeedEntry] = []
    placed: set[tuple[str, str]] = set()
    for e in entries:
        key = (e.guid, canonical_url(e.link) or e.link)
        if not e.guid:
            once.append(e)
        elif key not in placed:
            placed.add(key)
            once.append(chosen[key])
    return once


def _entry_key(entry: FeedEntry, where: str) -> str:
    """What an entry's id is made of: its GUID, else its link, else the feed and title."""
    return entry.guid or urldefrag(entry.link).url or f"{where}#{entry.title}"


def _fetch_page(link: str, settings: FetchSettings, found_in: str, tz: tzinfo) -> Page:
    """The usable page behind a feed's link, or SourceError (including bad schemes and
    addresses: the link was found inside the feed at `found_in`, so it is untrusted)."""
    response = fetch(link, settings, found_in=found_in)
    _check_page_type(response, link)
    page = extract_page(decode_html(response.body, response.charset), url=response.url, tz=tz)
    reason = is_unusable(page)
    if reason:
        raise SourceError(f"{link}: {reason}")
    return page


def _is_web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


# --- many sources --------------------------------------------------------------------


def _map_ordered(fn: Callable, items: Sequence, settings: FetchSettings) -> list:
    """fn over items, `settings.parallel` at a time, results in the items' order."""
    if len(items) <= 1 or settings.parallel <= 1:
        return [fn(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(settings.parallel, len(items))) as pool:
        return list(pool.map(fn, items))


def read_each(
    urls: Sequence[str], settings: FetchSettings, *, tz: tzinfo,
    known: Mapping[str, Validators] | None = None, stored: Container[str] = frozenset(),
    feeds_only: Container[str] = frozenset(),
) -> list[UrlRead]:
    """What each of `urls` gave, in the order given, read in parallel.

    One failing source never stops the others: its UrlRead has `ok=False` and one note
    naming the source and what went wrong. With `known` validators, requests are
    conditional; each UrlRead carries the validators to keep for next time. A feed's
    teaser whose article id is in `stored` is not followed to its page (see
    `_feed_articles`). A URL in `feeds_only` (configured as kind = "feed") that serves a
    web page fails, rather than be read as one.
    """
    known = known or {}
    if settings.gate is None:  # each feed fetches its teasers in parallel too: one bound
        settings = replace(settings, gate=threading.BoundedSemaphore(max(settings.parallel, 1)))

    def one(url: str) -> UrlRead:
        try:
            return _read_url(url, settings, tz, known.get(url), stored, url in feeds_only)
        except SourceError as e:
            return UrlRead(url, notes=[str(e)], ok=False, validators=known.get(url, Validators()))

    return _map_ordered(one, list(urls), settings)


def read_many(
    urls: Sequence[str], settings: FetchSettings, *, tz: tzinfo
) -> tuple[list[Article], list[str]]:
    """Every article from `urls`, in the order given, read in parallel.

    One failing source never stops the others: it becomes a line in the second list,
    naming the source and what went wrong (as do entries whose page could not be had).
    """
    articles: list[Article] = []
    failures: list[str] = []
    for got in read_each(urls, settings, tz=tz):
        articles.extend(got.articles)
        failures.extend(got.notes)
    return articles, failures
