from django.urls import path, register_converter

from . import feeds, views
from .converters import TagSlugConverter, TwoDigitConverter

app_name = "articles"
register_converter(TwoDigitConverter, "dd")
register_converter(TagSlugConverter, "tagslug")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("berita/<int:year>/", views.YearArchive.as_view(), name="archive-year"),
    path("berita/<int:year>/<dd:month>/", views.MonthArchive.as_view(), name="archive-month"),
    path(
        "berita/<int:year>/<dd:month>/<dd:day>/",
        views.DayArchive.as_view(),
        name="archive-day",
    ),
    path(
        "berita/<int:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("kategori/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<tagslug:slug>/", views.TagView.as_view(), name="tag"),
    path("unit/<slug:slug>/", views.UnitView.as_view(), name="unit"),
    path("penulis/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("cari/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.SiteFeed(), name="feed"),
    path("feed/atom/", feeds.SiteAtomFeed(), name="feed-atom"),
    path("kategori/<slug:slug>/feed/", feeds.CategoryFeed(), name="category-feed"),
    path("kategori/<slug:slug>/feed/atom/", feeds.CategoryAtomFeed(), name="category-feed-atom"),
    path("tag/<tagslug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<tagslug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("unit/<slug:slug>/feed/", feeds.UnitFeed(), name="unit-feed"),
    path("unit/<slug:slug>/feed/atom/", feeds.UnitAtomFeed(), name="unit-feed-atom"),
]
