"""The email's inlined styles made small enough that Gmail does not clip the message.

Gmail shows the first ~102 KB of a message's HTML and hides the rest behind "[Message
clipped]": the sources and the unsubscribe link at the end went. Most of a big day's HTML
was style attributes that css-inline had copied onto every list item, the same long
strings a hundred times. The look must survive clients that drop <style> (Outlook, some
webmail), so the styles stay inline; what goes is what draws nothing:

- declarations only print reads (orphans, widows, page breaks), and any a later
  declaration of the same attribute overrides;
- a declaration of an inherited property (colour, font, line-height, overflow-wrap...)
  that the element would inherit anyway from its parent's;
- the same inherited declaration on every child of an element: said once, on the element
  (margins, padding, display and borders do not inherit, and stay where they are);
- the spaces in each style attribute and the indentation between elements;
- markup that draws nothing once the styles are inline: classes, ids no link points to,
  spans with no attribute left.

Decided on the parsed document and the declarations as tinycss2 parses them; the text of
the briefing is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tinycss2
from lxml import etree

# Properties a screen ignores: they only break pages and name PDF bookmarks.
PRINT_ONLY = frozenset({
    "orphans", "widows", "break-before", "break-after", "break-inside", "page-break-before",
    "page-break-after", "page-break-inside", "bookmark-level", "bookmark-label",
    "bookmark-state", "string-set",
})

# Inherited properties (CSS 2.1 and the text module) whose declaration on a child says
# nothing its parent's does not already say.
INHERITED = frozenset({
    "color", "font-family", "font-size", "font-style", "font-weight", "font-variant",
    "line-height", "letter-spacing", "word-spacing", "text-transform", "text-align",
    "text-indent", "white-space", "overflow-wrap", "word-wrap", "word-break", "hyphens",
    "visibility", "direction", "list-style", "list-style-type", "list-style-position",
})

# Elements whose user-agent style sets an inherited property: their own declaration of it
# is what overrides the browser's, never redundant ("a" is link-blue, not its parent's
# colour; "cite" is italic).
UA_SETS: dict[str, frozenset[str]] = {
    "a": frozenset({"color"}),
    "cite": frozenset({"font-style"}), "em": frozenset({"font-style"}),
    "i": frozenset({"font-style"}), "var": frozenset({"font-style"}),
    "dfn": frozenset({"font-style"}), "address": frozenset({"font-style"}),
    "b": frozenset({"font-weight"}), "strong": frozenset({"font-weight"}),
    "small": frozenset({"font-size"}), "sub": frozenset({"font-size"}),
    "sup": frozenset({"font-size"}), "mark": frozenset({"color"}),
    "ul": frozenset({"list-style", "list-style-type"}),
    "ol": frozenset({"list-style", "list-style-type"}),
    **{f"h{n}": frozenset({"font-size", "font-weight"}) for n in range(1, 7)},
}
# Elements whose declarations always stay where they are, and through which no declaration
# is taken as inherited: tables (old Outlook does not let font styles inherit into them),
# and elements that browsers give fonts or white space of their own (code, form controls,
# the old <font> and <center>).
LEFT_ALONE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre",
                        "code", "kbd", "samp", "tt", "button", "input", "select",
                        "textarea", "font", "center"})

# A value that means something else on another element: relative to the font size
# (em, ex, ch, %, lh); "rem" is relative to the root's and means the same everywhere.
_RELATIVE = re.compile(r"\d(?:em|ex|ch|lh|%)\b|\d%", re.I)

# Shorthands whose later declaration overrides an earlier longhand of the same family.
_LONGHANDS = {
    "margin": re.compile(r"margin-(?:top|right|bottom|left)"),
    "padding": re.compile(r"padding-(?:top|right|bottom|left)"),
    "border": re.compile(r"border-(?:top|right|bottom|left|width|style|color)"
                         r"(?:-(?:width|style|color))?"),
}
_SIDES = ("top", "right", "bottom", "left")
# elements whose browser margins are in em: a font size moved onto them would change them
_UA_EM_MARGINS = frozenset({"p", "ul", "ol", "dl", "menu", "blockquote", "figure", "h1", "h2",
                            "h3", "h4", "h5", "h6", "hr", "pre", "fieldset"})


@dataclass
class _Declaration:
    name: str
    value: str
    important: bool

    def __str__(self) -> str:
        return f"{self.name}:{self.value}{'!important' if self.important else ''}"


def _parse(style: str) -> list[_Declaration]:
    out = []
    for node in tinycss2.parse_declaration_list(style, skip_comments=True, skip_whitespace=True):
        if node.type == "declaration":
            value = " ".join(tinycss2.serialize(node.value).split())
            out.append(_Declaration(node.lower_name, value, node.important))
    return out


def _fold(declarations: list[_Declaration]) -> list[_Declaration]:
    """Without print-only declarations and those a later one overrides; a margin or padding
    side given after its shorthand is folded into it ("margin: 0 0 .3rem; margin-bottom:
    .45rem" is "margin: 0 0 .45rem")."""
    kept: list[_Declaration] = []
    for d in declarations:
        if d.name in PRINT_ONLY:
            continue
        if not d.important:
            family = _LONGHANDS.get(d.name)
            overridden = [k for k in kept if not k.important and (
                k.name == d.name or (family is not None and family.fullmatch(k.name)))]
            for k in overridden:
                kept.remove(k)
            if _fold_side(kept, d) is not None:
                continue
        kept.append(d)
    return kept


def _fold_side(kept: list[_Declaration], d: _Declaration) -> _Declaration | None:
    """The margin or padding shorthand in `kept` that now also says `d` (margin-bottom...),
    or None when there is none to fold it into (the declaration then stays as it is)."""
    family, _, side = d.name.partition("-")
    if family not in ("margin", "padding") or side not in _SIDES:
        return None
    for k in kept:
        if k.name == family and not k.important:
            values = k.value.split(" ")
            if not 1 <= len(values) <= 4 or any("(" in v for v in values) or " " in d.value:
                return None
            # CSS's 1-4 value shorthand: top, right, bottom, left
            top, right, bottom, left = (values * 4)[:4] if len(values) == 1 else (
                values + [values[0]] * 2 if len(values) == 2 else
                values + [values[1]] if len(values) == 3 else values)
            sides = dict(zip(_SIDES, (top, right, bottom, left), strict=True))
            sides[side] = d.value
            k.value = _shortest(*(sides[s] for s in _SIDES))
            return k
    return None


def _shortest(top: str, right: str, bottom: str, left: str) -> str:
    """The shortest shorthand value for four sides."""
    if left != right:
        return f"{top} {right} {bottom} {left}"
    if top != bottom:
        return f"{top} {right} {bottom}"
    return top if top == right else f"{top} {right}"


def _own_declarations(tag: str, name: str) -> bool:
    """True if this element's declaration of `name` must stay whatever its parent says."""
    return tag in LEFT_ALONE or name in UA_SETS.get(tag, frozenset())


def _context_free(d: _Declaration) -> bool:
    """A value that computes the same on a parent as on its child."""
    return not _RELATIVE.search(d.value) and "var(" not in d.value


def _text_free(element) -> bool:
    """No text of its own outside its children (whitespace aside)."""
    return not (element.text or "").strip() and all(
        not (child.tail or "").strip() for child in element)


def _hoist(element, styles: dict) -> None:
    """An inherited declaration every child of `element` carries, said once on `element`.

    Only where that changes nothing drawn: the element has no text of its own, does not
    declare the property itself, and no browser default of its or of a child's sets it. A
    font size relative to the parent's (".85em") moves only onto an element whose own
    lengths do not depend on its font size, and a line-height only as a plain number."""
    children = [c for c in element if isinstance(c.tag, str)]
    tag = element.tag.lower()
    if len(children) < 2 or tag in LEFT_ALONE or not _text_free(element):
        return
    own = styles.setdefault(element, [])
    first = styles.get(children[0], [])
    for d in list(first):
        if d.name not in INHERITED or d.important or _own_declarations(tag, d.name):
            continue
        if any(o.name == d.name or o.name.startswith(d.name + "-")
               or d.name.startswith(o.name + "-") for o in own):
            continue  # said already, or by a shorthand ("font", "list-style")
        if d.name == "font-size" and not _context_free(d) and (
                any(not _context_free(o) for o in own)
                or (tag in _UA_EM_MARGINS and not any(o.name == "margin" for o in own))):
            continue  # its own ems (and the browser's 1em margins) would follow the new size
        if d.name == "line-height" and not re.fullmatch(r"[\d.]+", d.value):
            continue
        if d.name != "font-size" and not _context_free(d):
            continue
        if not all(any(str(c) == str(d) for c in styles.get(child, []))
                   and not _own_declarations(child.tag.lower(), d.name) for child in children):
            continue
        for child in children:
            styles[child] = [c for c in styles[child] if str(c) != str(d)]
        own.append(d)


def _drop_inherited(element, inherited: dict[str, str], styles: dict) -> None:
    """Top down: each declaration the element would inherit as it is goes."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    mine = styles.get(element, [])
    if mine and tag not in LEFT_ALONE:
        styles[element] = mine = [
            d for d in mine
            if not (d.name in INHERITED and not d.important and _context_free(d)
                    and not _own_declarations(tag, d.name) and inherited.get(d.name) == d.value)]
    passed = dict(inherited)
    # what the browser sets on this element is not its parent's: nothing below inherits that
    for name in INHERITED if tag in LEFT_ALONE else UA_SETS.get(tag, frozenset()):
        passed.pop(name, None)
    for d in mine:
        if d.name in INHERITED:
            # a relative value's computed value is not known here: nothing below may rely on it
            if _context_free(d):
                passed[d.name] = d.value
            else:
                passed.pop(d.name, None)
                if d.name == "font-size":  # an em line-height inherits as a length
                    passed.pop("line-height", None)
    for child in element:
        if isinstance(child.tag, str):
            _drop_inherited(child, passed, styles)


# Attributes that point at an element of the message by its id.
_REFERRING = ("aria-labelledby", "aria-describedby", "headers", "for")


def _drop_inert_markup(root) -> None:
    """Ids nothing in the message points to (nothing outside can point into an email),
    classes (the message keeps no stylesheet for them to select: their styles are inline
    now) and then <span>s with no attribute at all: none of them draws anything."""
    wanted = {a.get("href", "")[1:] for a in root.iter("a") if a.get("href", "").startswith("#")}
    for element in root.iter(etree.Element):
        for name in _REFERRING:
            wanted.update((element.get(name) or "").split())
    for element in root.iter(etree.Element):
        if element.get("id") is not None and element.get("id") not in wanted:
            del element.attrib["id"]
        element.attrib.pop("class", None)
    for span in [s for s in root.iter("span") if not s.attrib]:
        span.drop_tag()


def compact_document(document) -> None:
    """`document` (lxml, its styles inlined) with each style attribute folded, inherited
    declarations said once, and runs of whitespace between elements made one character."""
    body = document.find("body")
    root = body if body is not None else document
    styles: dict = {}
    for element in root.iter(etree.Element):
        if element.get("style") is not None:
            styles[element] = _fold(_parse(element.get("style")))
    # bottom up, so that a declaration climbs as far as every child shares it
    for element in reversed(list(root.iter(etree.Element))):
        _hoist(element, styles)
    _drop_inherited(root, {}, styles)
    for element, declarations in styles.items():
        if declarations:
            element.set("style", ";".join(str(d) for d in declarations))
        elif element.get("style") is not None:
            del element.attrib["style"]
    _drop_inert_markup(root)
    _collapse_whitespace(document, keep=False)


_KEEPS_SPACES = re.compile(r"white-space\s*:\s*(?:pre|break-spaces)", re.I)


def _collapse_whitespace(element, keep: bool) -> None:
    """Whitespace between elements made one character, which draws the same as many, except
    where white space is kept (<pre>, white-space: pre...). Text with words in it is the
    briefing's and stays as it is."""
    keep = keep or element.tag in ("pre", "textarea") or bool(
        _KEEPS_SPACES.search(element.get("style") or ""))
    if not keep and element.text and not element.text.strip() and len(element.text) > 1:
        element.text = "\n" if "\n" in element.text else " "
    for child in element:
        if not isinstance(child.tag, str):
            continue
        _collapse_whitespace(child, keep)
        if not keep and child.tail and not child.tail.strip() and len(child.tail) > 1:
            child.tail = "\n" if "\n" in child.tail else " "


def compact_html(html: str) -> str:
    """`compact_document` on a whole HTML document's text."""
    import lxml.html

    document = lxml.html.document_fromstring(html)
    compact_document(document)
    return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")
