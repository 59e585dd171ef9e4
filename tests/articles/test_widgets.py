"""articles/widgets.py writes the markup Django's widget templates write: same tags, same
attributes, same text, escaped the same way (attribute order aside, which HTML ignores)."""

import re

import pytest
from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from articles import widgets

TAG = re.compile(r"<(/?)([a-z]+)((?:\s+[a-z-]+(?:=\"[^\"]*\")?)*)\s*>")
ATTRIBUTE = re.compile(r'([a-z-]+)(?:="([^"]*)")?')


def markup(html):
    """Tags with their attributes (sorted) and the text between them, exactly as written
    (escapes and the newline after <textarea> included); whitespace between tags ignored."""
    items, position = [], 0
    for tag in TAG.finditer(html):
        text = html[position : tag.start()]
        if text.strip():
            items.append(("text", text))
        closing, name, attributes = tag.groups()
        items.append((closing or "<", name, sorted(ATTRIBUTE.findall(attributes))))
        position = tag.end()
    assert not html[position:].strip(), html[position:]
    return items


TRICKY = 'Budi "Bud" <b>Santoso</b> & co'
CHOICES = [("", "Semua"), ("a&b", "A & <B>"), ("polda-sulsel", "\u00a0\u00a0Polda Sulsel")]
GROUPED = [("Sulawesi", [("sulsel", "Sulsel"), ("sulut", "Sulut")]), ("mabes", "Mabes")]


@pytest.mark.parametrize(
    "ours,djangos,value,attrs",
    [
        (widgets.TextInput, forms.TextInput, TRICKY, {"autocomplete": "name", "maxlength": 100}),
        (widgets.TextInput, forms.TextInput, None, {"required": True, "id": "id_name"}),
        (widgets.TextInput, forms.TextInput, "", {"required": False, "tabindex": "-1"}),
        (widgets.TextInput, forms.TextInput, mark_safe("A&amp;B"), {}),  # not escaped twice
        (widgets.EmailInput, forms.EmailInput, "budi@polri.go.id", {"aria-invalid": "true"}),
        (widgets.URLInput, forms.URLInput, 'https://x.id/?a=1&b="2"', {}),
        (widgets.HiddenInput, forms.HiddenInput, 42, {"id": "id_parent"}),
        (widgets.DateInput, forms.DateInput, "2026-03-05", {"type": "date"}),
        (widgets.CheckboxInput, forms.CheckboxInput, True, {"id": "id_remember"}),
        (widgets.CheckboxInput, forms.CheckboxInput, False, {"id": "id_remember"}),
        (widgets.Textarea, forms.Textarea, f"Baris satu\n{TRICKY}", {"rows": 6}),
        (widgets.Textarea, forms.Textarea, "", {"required": True}),
        (widgets.Textarea, forms.Textarea, None, {}),
    ],
)
def test_inputs_write_what_djangos_templates_write(ours, djangos, value, attrs):
    theirs = djangos().render("field", value, attrs)
    mine = ours().render("field", value, attrs)

    assert markup(mine) == markup(theirs)
    assert "<b>" not in mine


def test_what_readers_wrote_is_escaped_and_a_textarea_keeps_its_first_line():
    value = '"A" & <b>B</b>'
    field = widgets.TextInput().render("name", value)
    text = widgets.Textarea().render("comment", f"\n{value}")

    assert 'value="&quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;"' in field
    # The browser drops one newline after <textarea>: the one written here, not the reader's.
    assert ">\n\n&quot;A&quot; &amp; &lt;b&gt;" in text


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", ["", "a&b", "polda-sulsel", "sulut", "nothing-such"])
def test_selects_write_what_djangos_templates_write(choices, value):
    attrs = {"id": "id_unit", "required": True}
    theirs = forms.Select(choices=choices).render("unit", value, attrs)
    mine = widgets.Select(choices=choices).render("unit", value, attrs)

    assert markup(mine) == markup(theirs)
    assert "<B>" not in mine


def test_a_forms_fields_render_with_them_as_with_djangos():
    class Theirs(forms.Form):
        name = forms.CharField(max_length=100)
        remember = forms.BooleanField(required=False, initial=True)

    class Mine(forms.Form):
        name = forms.CharField(max_length=100, widget=widgets.TextInput)
        remember = forms.BooleanField(required=False, initial=True, widget=widgets.CheckboxInput)

    for data in (None, {"name": "x" * 101}):  # unbound, and with an error (aria-invalid)
        for field in ("name", "remember"):
            theirs, mine = str(Theirs(data)[field]), str(Mine(data)[field])
            assert markup(mine) == markup(theirs)


@pytest.mark.parametrize(
    "attrs",
    [
        {},
        {"id": "id_name", "maxlength": 100, "autocomplete": "name"},
        {"required": True, "disabled": False, "checked": True, "placeholder": None},
        {"title": TRICKY, "data-x": mark_safe("A&amp;B"), "aria-label": gettext_lazy("Name")},
        {"value": 0, "rows": 6.5, "autofocus": True},
    ],
)
def test_attributes_are_written_exactly_as_djangos_flatatt_writes_them(attrs):
    assert widgets.flatatt(attrs) == flatatt(attrs)


@pytest.mark.parametrize(
    "value", [TRICKY, mark_safe("<i>ok</i>"), gettext_lazy("Name"), 42, None, "'single'"]
)
def test_values_are_escaped_exactly_as_djangos_conditional_escape_escapes_them(value):
    assert widgets.conditional_escape(value) == conditional_escape(value)
