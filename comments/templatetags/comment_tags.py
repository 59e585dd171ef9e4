from django import template

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The comment count heading, the approved comments and the "Leave a Comment" form."""
    return {"article": article, "request": context.get("request")}
