"""schema.org data for rich previews: NewsArticle, its publishing unit's chain of
Organizations up to Mabes Polri, and breadcrumbs. Plain dicts, serialised by the template tag."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

OG_IMAGE_WIDTH = 1200
DEFAULT_IMAGE = "img/og-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
LOGO = "img/logo.png"
LOGO_SIZE = (512, 512)
HEADLINE_LIMIT = 110  # Google truncates longer headlines


def rendition_height(article, width=OG_IMAGE_WIDTH):
    """Height of the `width`-px rendition (ResizeToFit keeps the proportions)."""
    if not article.image_width or not article.image_height:
        return None
    return round(article.image_height * width / article.image_width)


def preview_image(article, request):
    """URL, width, height of the picture social networks show: the 1200-px rendition."""
    if article is not None and article.featured_image:
        url = request.build_absolute_uri(article.image_1200.url)
        return url, OG_IMAGE_WIDTH, rendition_height(article)
    return (request.build_absolute_uri(static(DEFAULT_IMAGE)), *DEFAULT_IMAGE_SIZE)


def organization(unit, request):
    """The unit as an Organization whose parentOrganization climbs to Mabes Polri."""
    url = request.build_absolute_uri(unit.get_absolute_url())
    data = {
        "@type": "Organization",
        "@id": f"{url}#organization",
        "name": unit.name,
        "alternateName": unit.short_name,
        **({"url": url} if unit.active else {}),  # a deactivated unit's page is a 404
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(LOGO)),
            "width": LOGO_SIZE[0],
            "height": LOGO_SIZE[1],
        },
    }
    if unit.parent_id:
        data["parentOrganization"] = organization(unit.parent, request)
    return data


def breadcrumb_list(crumbs, request):
    """[(name, path), ...] from the home page down to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def news_article(article, tags, request):
    url = request.build_absolute_uri(article.get_absolute_url())
    image_url, width, height = preview_image(article, request)
    zone = article.unit.zone
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": _truncate(article.title, HEADLINE_LIMIT),
        "description": article.summary(),
        "image": [{"@type": "ImageObject", "url": image_url, "width": width, "height": height}],
        "datePublished": timezone.localtime(article.publish_at, zone).isoformat(),
        "dateModified": timezone.localtime(article.modified_at, zone).isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": article.author.get_display_name(),
                "url": request.build_absolute_uri(article.author.get_absolute_url()),
            }
        ],
        "publisher": organization(article.unit, request),
        "articleSection": article.category.name,
        "inLanguage": settings.LANGUAGE_CODE,
        "isAccessibleForFree": True,
    }
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    return data


def article_breadcrumbs(article, request):
    return breadcrumb_list(
        [
            (_("Home"), reverse("articles:home")),
            (article.category.name, article.category.get_absolute_url()),
            (article.title, article.get_absolute_url()),
        ],
        request,
    )


def unit_breadcrumbs(unit, ancestors, request):
    crumbs = [(_("Home"), reverse("articles:home"))]
    # A deactivated unit's page is a 404: it is no step on the way.
    crumbs += [(a.short_name, a.get_absolute_url()) for a in ancestors if a.active]
    crumbs.append((unit.short_name, unit.get_absolute_url()))
    return breadcrumb_list(crumbs, request)


def _truncate(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
