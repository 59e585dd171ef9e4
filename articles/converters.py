class TwoDigitConverter:
    """A month or a day in a dated address: written 04, read as 04 or 4 (so 4 can be sent on to
    04 rather than refused, and every address built from a resolved one, such as the language
    switch's, comes out as the page's own)."""

    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class TagSlugConverter:
    """A tag's slug, which taggit writes with the tag's own letters ("kamtibmas", "café",
    "полиция"): Django's <slug:> takes ASCII only, and a story tagged "Festival Café" would fail
    to link to its tag."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
