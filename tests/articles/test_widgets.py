"""articles/widgets.py writes the markup Django's widget templates write: same tags, same
attributes, same text, escaped the same way (attribute order aside, which HTML ignores)."""

from html.parser import HTMLParser

import pytest
from django import forms

from articles import widgets


class Markup(HTMLParser):
    """Tags with their attributes (sorted), and the text between them."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.items = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.items.append(("<", tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.items.append((">", tag))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", data.strip()))


TRICKY = 'Budi "Bud" <b>Santoso</b> & co'
CHOICES = [("", "Semua"), ("a&b", "A & <B>"), ("polda-sulsel", "\u00a0\u00a0Polda Sulsel")]
GROUPED = [("Sulawesi", [("sulsel", "Sulsel"), ("sulut", "Sulut")]), ("mabes", "Mabes")]


@pytest.mark.parametrize(
    "ours,djangos,value,attrs",
    [
        (widgets.TextInput, forms.TextInput, TRICKY, {"autocomplete": "name", "maxlength": 100}),
        (widgets.TextInput, forms.TextInput, None, {"required": True, "id": "id_name"}),
        (widgets.TextInput, forms.TextInput, "", {"required": False, "tabindex": "-1"}),
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

    assert Markup(mine).items == Markup(theirs).items
    assert "<b>" not in mine


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", ["", "a&b", "polda-sulsel", "sulut", "nothing-such"])
def test_selects_write_what_djangos_templates_write(choices, value):
    attrs = {"id": "id_unit", "required": True}
    theirs = forms.Select(choices=choices).render("unit", value, attrs)
    mine = widgets.Select(choices=choices).render("unit", value, attrs)

    assert Markup(mine).items == Markup(theirs).items
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
            assert Markup(mine).items == Markup(theirs).items
