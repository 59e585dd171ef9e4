from django import template
from django.utils.safestring import mark_safe

from articles import personal_parts

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_part(context, template_name):
    """Include `template_name`, a part of the page that may differ from reader to reader
    (articles/personal_parts.py): fenced in the copy the page cache shares, so that a reader
    it cannot share with gets that copy with only their own parts rendered again."""
    part = context.template.engine.get_template(template_name)
    with context.push():
        html = part.render(context)
    # Rendered HTML, fenced only while a shared copy is being rendered.
    return mark_safe(personal_parts.wrap(context.get("request"), template_name, html))  # noqa: S308
