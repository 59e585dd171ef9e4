"""Tags for what search engines and social networks read: canonical URL, OpenGraph and
Twitter cards, and schema.org JSON-LD."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from articles import structured_data

register = template.Library()

DESCRIPTION_LENGTH = 160
# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without tracking parameters; keeps ?page= past the first page of a
    list. Only the page the view rendered counts: an article or the home page asked for with
    ?page=2 is the same page, and the page cache shares one copy of it."""
    request = context["request"]
    url = request.build_absolute_uri(request.path)
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        url += f"?page={page.number}"
    return url


@register.inclusion_tag("includes/social_meta.html", takes_context=True)
def social_meta(context, title, description, article=None, og_type="website"):
    """OpenGraph and Twitter card tags; the picture is the story's 1200-px rendition."""
    request = context["request"]
    image_url, width, height = structured_data.preview_image(article, request)
    return {
        "title": title,
        "description": Truncator(description).chars(DESCRIPTION_LENGTH),
        "url": canonical_url(context),
        "og_type": og_type,
        "article": article,
        "image_url": image_url,
        "image_width": width,
        "image_height": height,
        "image_alt": (article.image_alt or article.title) if article else title,
        "site_name": context.get("site_name", ""),
        "locale": "en_US" if get_language() == "en" else "id_ID",
    }


def json_ld(data):
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, tags):
    request = context["request"]
    return json_ld(structured_data.news_article(article, tags, request)) + json_ld(
        structured_data.article_breadcrumbs(article, request)
    )


@register.simple_tag(takes_context=True)
def unit_json_ld(context, unit, ancestors):
    request = context["request"]
    return json_ld(structured_data.unit_breadcrumbs(unit, ancestors, request))
