"""The allow-list for article bodies: what an editor may store, whoever typed it."""

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "figure",
    "figcaption",
    "img",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "sub",
    "sup",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src"}
# Anything before the first "/", "?" or "#" that ends in ":" reads as a scheme to someone.
_SCHEME_LIKE = re.compile(r"^[^/?#]*:")


def _only_plain_urls(tag, attribute, value):
    """A second line behind nh3's scheme check: drop URLs whose odd prefix (a backtick,
    an entity, a control character) might make some browser see a scheme."""
    if attribute in URL_ATTRIBUTES:
        text = value.strip()
        if _SCHEME_LIKE.match(text) and text.split(":", 1)[0].lower() not in URL_SCHEMES:
            return None
    return value


def sanitize_body(html):
    """Drop scripts, event handlers, styles and non-http(s) URLs; keep the story's structure."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_only_plain_urls,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
