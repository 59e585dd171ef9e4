from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    # The form posts here; GET shows the same form on its own uncached page (?balas=<id> replies).
    path("komentar/<int:article_id>/", views.comment_view, name="post"),
]
