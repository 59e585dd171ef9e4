from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Article


@require_POST
def post_comment(request, article_id):
    # Placeholder until the comments issue lands: nothing is stored yet.
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    messages.info(request, _("Comments are not open yet."))
    return redirect(article.get_absolute_url() + "#komentar")
