from django import template

from .. import dashboard

register = template.Library()


@register.inclusion_tag("admin/desk/dashboard.html", takes_context=True)
def desk_dashboard(context):
    """The signed-in user's desk: review queue, schedule, recent stories, chart, panels."""
    request = context["request"]
    user = request.user
    if not user.has_perm("articles.view_article"):
        return {"show": False}
    return {
        "show": True,
        "request": request,
        "chart": dashboard.weekly_chart(user),
        "panels": dashboard.render_panels(request),
        **dashboard.desk_lists(user),
    }
