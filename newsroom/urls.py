from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView, TemplateView
from django.views.i18n import set_language

from articles import sitemaps
from articles import views as article_views


# Indonesian at the root, English under /en/: the language is in the URL, so a
# shared page cache never has to vary on cookies.
def health(request):
    """For load balancers and the benchmark's floor: the cheapest page Django can serve."""
    return HttpResponse("ok", content_type="text/plain")


# The desk's title bar and window title name the portal, not Django.
admin.site.site_header = admin.site.site_title = format_lazy(
    "{} · {}", settings.NEWSROOM_SITE_NAME, _("Newsroom desk")
)

# A database outage is a 503 with Retry-After, not a 500 (articles/outage.py).
handler500 = "articles.outage.server_error"

urlpatterns = [
    path("healthz/", health, name="health"),
    path("i18n/setlang/", set_language, name="set_language"),
    # For machines: one address whatever the reader's language.
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("api/views/<int:article_id>/", article_views.record_view, name="record-view"),
] + i18n_patterns(
    # One login page for everyone, with its lockout and messages; it returns staff to the admin.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("akun/", include("accounts.urls")),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.DEBUG or settings.NEWSROOM_SERVE_MEDIA:
    # Development and `make serve` on loopback; production serves media from storage/CDN.
    from django.views.static import serve

    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )
