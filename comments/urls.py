from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("komentar/<int:article_id>/kirim/", views.post_comment, name="post"),
]
