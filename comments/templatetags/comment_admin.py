from django import template
from django.urls import reverse

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("comments/admin_pending_count.html", takes_context=True)
def pending_comment_count(context):
    """ "N comments awaiting moderation" in the signed-in moderator's scope, for the admin index."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.view_comment"):
        return {"show": False}
    return {
        "show": True,
        "count": Comment.objects.moderatable_by(user).pending().count(),
        "queue_url": reverse("admin:comments_comment_changelist") + "?status__exact=pending",
    }
