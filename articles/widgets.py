"""Form widgets for the public pages, written in Python rather than each through Django's widget
templates.

Django renders a widget through a template and its attributes through another (a <select>:
two more for each option), ~0.1 ms apiece. On the public pages that added up: the unit filter
of the search page (the whole hierarchy) took a quarter of it, and a returning guest's name
fields most of their personal copy of an article (articles/personal_parts.py). These write the
same markup as Django's templates (tests/articles/test_widgets.py compares them), with the
same `get_context()`, so attributes, values and `checked`/`selected` come from Django. (One
difference: an attribute whose value is None is left out, where attrs.html writes "None".)
"""

import html

from django import forms
from django.utils.safestring import mark_safe


def conditional_escape(value):
    """django.utils.html.conditional_escape, without its lazy-string wrapper (a tenth of a
    personal copy's attribute writing): safe strings as they are, the rest as escape() has it."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def flatatt(attrs):
    """django.forms.utils.flatatt, character for character (name="value" pairs sorted, then the
    true booleans sorted; None and False left out), without format_html_join per attribute."""
    pairs, flags = [], []
    for name, value in attrs.items():
        if isinstance(value, bool):
            if value:
                flags.append(name)
        elif value is not None:
            pairs.append((name, value))
    written = [
        f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in sorted(pairs)
    ]
    written += [f" {conditional_escape(name)}" for name in sorted(flags)]
    return "".join(written)


class WrittenInput:
    """<input>, as django/forms/widgets/input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
        return mark_safe(
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{shown}'
            f"{flatatt(widget['attrs'])}>"
        )


class TextInput(WrittenInput, forms.TextInput):
    pass


class EmailInput(WrittenInput, forms.EmailInput):
    pass


class URLInput(WrittenInput, forms.URLInput):
    pass


class HiddenInput(WrittenInput, forms.HiddenInput):
    pass


class DateInput(WrittenInput, forms.DateInput):
    pass


class CheckboxInput(WrittenInput, forms.CheckboxInput):
    pass


class Textarea(forms.Textarea):
    """<textarea>, as django/forms/widgets/textarea.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        text = conditional_escape(widget["value"]) if widget["value"] else ""
        return mark_safe(
            f'<textarea name="{conditional_escape(widget["name"])}"{flatatt(widget["attrs"])}>\n{text}</textarea>'
        )


class Select(forms.Select):
    """<select>, as django/forms/widgets/select.html and select_option.html write it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            listed = "".join(map(self.render_option, options))
            if group_name:
                listed = f'<optgroup label="{conditional_escape(group_name)}">{listed}</optgroup>'
            groups.append(listed)
        return mark_safe(
            f'<select name="{conditional_escape(widget["name"])}"{flatatt(widget["attrs"])}>'
            f"{''.join(groups)}</select>"
        )

    @staticmethod
    def render_option(option):
        value, label = conditional_escape(option["value"]), conditional_escape(option["label"])
        return f'<option value="{value}"{flatatt(option["attrs"])}>{label}</option>'
