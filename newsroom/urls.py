from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.i18n import set_language

from articles import sitemaps
from articles import views as article_views

# Indonesian at the root, English under /en/: the language is in the URL, so a
# shared page cache never has to vary on cookies.
urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    # For machines: one address whatever the reader's language.
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("api/views/<int:article_id>/", article_views.record_view, name="record-view"),
] + i18n_patterns(
    path("admin/", admin.site.urls),
    path("akun/", include("accounts.urls")),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
