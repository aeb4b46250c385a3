"""The email's HTML made self-contained and inert, by parsing it (lxml, tinycss2).

Mail clients fetch what a message points to: remote images, stylesheets, fonts, CSS
url()s, and each fetch tells a tracker who opened the briefing, when and from where.
Some run event handlers or honour old CSS tricks (`expression()`, `behavior`). So the
HTML part keeps only what we mean to send: elements that run and load nothing (those on
`REMOVED_ELEMENTS` go, with what they hold), the attributes on `ALLOWED_ATTRIBUTES`,
links to http(s), mailto: or a #fragment, images that are `data:image/…` or `cid:`, and
CSS whose values use no function outside `SAFE_CSS_FUNCTIONS` and no url() but a data:
image.

Everything is decided on the parsed document and the parsed CSS, never by searching
the serialized text: article text is a text node or an attribute value whatever
characters it holds, so it can never open, close or add an attribute. (It once could:
regular expressions that took `<img` inside an href for a tag cut the tag short, and a
title's quotes became attributes.)
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import tinycss2
from lxml import etree

# Elements removed with everything in them: they run code, load something, or redirect.
REMOVED_ELEMENTS = frozenset({
    "script", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "link", "base", "audio", "video", "source", "track", "portal", "svg", "math",
})

# Attributes kept as they are, with aria-*; `style`, `href`, `src` and `content` are
# checked (see `_allowed_value`). Event handlers (on*), URL-bearing attributes
# (background, srcset, action, poster, xlink:href, …) and anything unknown are dropped.
ALLOWED_ATTRIBUTES = frozenset({
    "class", "id", "lang", "dir", "title", "alt", "width", "height", "align", "valign",
    "colspan", "rowspan", "scope", "headers", "role", "start", "reversed", "datetime",
    "border", "cellpadding", "cellspacing", "bgcolor", "color", "name", "charset",
})

# CSS functions that compute a value and load nothing (url(), image-set(), expression()
# and every function not named here make their declaration go).
SAFE_CSS_FUNCTIONS = frozenset({
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix",
    "calc", "min", "max", "clamp", "var", "env", "linear-gradient", "radial-gradient",
    "conic-gradient", "repeating-linear-gradient", "repeating-radial-gradient",
    "repeating-conic-gradient", "translate", "translatex", "translatey", "rotate", "scale",
    "matrix", "skew", "cubic-bezier", "steps", "counter", "counters", "attr",
})

LINK_SCHEMES = ("http", "https", "mailto")
_INLINE_IMAGE = re.compile(r"(?:data:image/(?:png|jpeg|gif|webp|svg\+xml)[;,]|cid:)", re.I)
_URL_LIKE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:|//|\\\\)", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")  # what browsers drop from a URL before reading it


# --- CSS -------------------------------------------------------------------------------------


def _is_inline_image(url: str) -> bool:
    return bool(_INLINE_IMAGE.match(_INVISIBLE.sub("", url)))


def _safe_tokens(tokens) -> bool:
    """True if a CSS value loads nothing: its url()s are inline images, its functions are
    on SAFE_CSS_FUNCTIONS, and no string in it reads as a URL. tinycss2 has undone CSS
    escapes and knows `URL(`, `u\\72l(` and `url("…")` for what they are."""
    return all(_safe_token(token) for token in tokens)


def _safe_token(token) -> bool:
    kind = token.type
    if kind == "url":
        return _is_inline_image(token.value)
    if kind == "function" and token.lower_name == "url":
        args = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
        return len(args) == 1 and args[0].type == "string" and _is_inline_image(args[0].value)
    if kind == "function":
        return token.lower_name in SAFE_CSS_FUNCTIONS and _safe_tokens(token.arguments)
    if kind in ("() block", "[] block", "{} block"):
        return _safe_tokens(token.content)
    if kind == "string":
        return not _URL_LIKE.match(token.value)
    return kind not in ("at-keyword", "error")


def safe_declarations(css: str) -> str:
    """A style attribute's declarations, keeping only those that load nothing."""
    kept = []
    for node in tinycss2.parse_declaration_list(css, skip_comments=True, skip_whitespace=True):
        if node.type != "declaration" or not _safe_tokens(node.value):
            continue  # at-rules (@import), parse errors and loading values go
        value = tinycss2.serialize(node.value).strip()
        kept.append(f"{node.lower_name}: {value}{' !important' if node.important else ''}")
    return "; ".join(kept)


def safe_stylesheet(css: str) -> str:
    """A <style> block's rules with only safe declarations; of at-rules only @media stays
    (@import, @font-face and the rest load something or only matter to the PDF)."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            body = safe_declarations(tinycss2.serialize(rule.content))
            if body and _safe_tokens(rule.prelude):
                out.append(f"{tinycss2.serialize(rule.prelude).strip()} {{ {body} }}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            inner = safe_stylesheet(tinycss2.serialize(rule.content))
            if inner and _safe_tokens(rule.prelude):
                out.append(f"@media {tinycss2.serialize(rule.prelude).strip()} {{\n{inner}\n}}")
    # "</" would end the <style> element early: in CSS "<\/" means the same characters
    return "\n".join(out).replace("</", "<\\/")


# --- HTML ------------------------------------------------------------------------------------


def safe_link(href: str) -> str | None:
    """An anchor's target if a reader may follow it: http(s), mailto: or a #fragment."""
    url = _INVISIBLE.sub("", href)
    if url.startswith("#"):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in LINK_SCHEMES and (parts.netloc or parts.scheme.lower() == "mailto"):
        return url
    return None


def _allowed_value(tag: str, name: str, value: str) -> str | None:
    """What an attribute may say on this element, or None if it goes."""
    if name == "style":
        return safe_declarations(value) or None
    if name == "href":
        return safe_link(value) if tag in ("a", "area") else None
    if name == "src":
        return value if tag == "img" and _is_inline_image(value) else None
    if name == "content":  # only <meta name="viewport"> is left to carry one
        return value if tag == "meta" else None
    if name in ALLOWED_ATTRIBUTES or name.startswith("aria-"):
        return value
    return None


def _goes(element) -> bool:
    """True for an element removed with its content (its tail text stays)."""
    tag = element.tag.lower()
    return (tag in REMOVED_ELEMENTS
            or (tag == "img" and not _is_inline_image(element.get("src", "")))
            or (tag == "meta" and not _plain_meta(element)))


def sanitize_document(html: str) -> str:
    """The whole HTML document, inert and self-contained (see the module's docstring)."""
    document = lxml.html.document_fromstring(html)
    # comments too: Outlook renders markup inside <!--[if mso]> … <![endif]-->
    etree.strip_elements(document, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in [e for e in document.iter(etree.Element) if _goes(e)]:
        element.drop_tree()
    dead_links = []
    for element in document.iter(etree.Element):
        tag = element.tag.lower()
        if tag == "style":
            element.attrib.clear()
            element.text = safe_stylesheet(element.text or "")
            continue
        for name, value in list(element.attrib.items()):
            keep = _allowed_value(tag, name.lower(), value)
            if keep is None:
                del element.attrib[name]
                if tag == "a" and name.lower() == "href":
                    dead_links.append(element)
            elif keep != value:
                element.set(name, keep)
    # A link whose target went (the archive's "../2024-12-08/briefing.html#story-…", a file
    # on the machine that built it) would still look like a link, styled as one, and do
    # nothing when tapped: its words stay, as text.
    for link in dead_links:
        link.drop_tag()
    return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")


def _plain_meta(element) -> bool:
    """<meta charset> and <meta name="viewport"> stay; http-equiv (refresh!) and the rest go."""
    if element.get("charset") is not None:
        return True
    return (element.get("name") or "").lower() == "viewport" and element.get("http-equiv") is None
