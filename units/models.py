from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"
# Indonesia's time zones (IANA) and the label its clocks go by.
INDONESIAN_ZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


class TreeOrder(models.Func):
    """Units in the order of the tree: each before its children, its children before its next
    sibling, siblings by slug. Their paths compared byte by byte with the separator as a space:
    "-" sorts before "/", so by path alone "polda-papua-barat/" came before "polda-papua/" (and
    a collation that skips punctuation, as many PostgreSQL ones do, mixes the levels up)."""

    template = "REPLACE(%(expressions)s, '/', ' ')"
    output_field = models.CharField()

    def __init__(self, expression="path", **extra):
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "REPLACE(%(expressions)s, '/', ' ') COLLATE \"C\""
        return self.as_sql(compiler, connection, template=template, **extra)


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def subtree_of(self, unit):
        """The unit and every unit beneath it, in one indexed prefix query."""
        return self.filter(path__startswith=unit.path)

    def in_tree_order(self):
        return self.order_by(TreeOrder())


class Unit(models.Model):
    """A node of the Polri hierarchy: Mabes Polri → Polda → Polres → Polsek."""

    class Level(models.TextChoices):
        MABES = "mabes", _("Mabes Polri")
        POLDA = "polda", _("Polda")
        POLRES = "polres", _("Polres / Polresta / Polrestabes")
        POLSEK = "polsek", _("Polsek")

    class TimeZoneLabel(models.TextChoices):
        WIB = "WIB", "WIB"
        WITA = "WITA", "WITA"
        WIT = "WIT", "WIT"

    short_name = models.CharField(_("short name"), max_length=80, unique=True)
    name = models.CharField(_("full name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        related_name="children",
        on_delete=models.PROTECT,  # a unit with sub-units or stories is deactivated, not deleted
        null=True,
        blank=True,
    )
    province = models.CharField(
        _("province / region"),
        max_length=100,
        blank=True,
        help_text=_("Shown in capitals in the dateline that opens each story."),
    )
    hq_city = models.CharField(_("headquarters city"), max_length=100, blank=True)
    tz_name = models.CharField(
        _("time zone"),
        max_length=40,
        default="Asia/Jakarta",
        help_text=_("IANA time zone used to show times, e.g. Asia/Makassar."),
    )
    tz_label = models.CharField(
        _("time-zone label"), max_length=4, choices=TimeZoneLabel.choices, default="WIB"
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive units are hidden from public navigation but keep their stories."),
    )
    # Materialised path of slugs ("mabes-polri/polda-sulsel/"): derived from the
    # parent chain in save(), so a whole subtree is one prefix lookup.
    path = models.CharField(max_length=400, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = [TreeOrder()]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tz_label__in=["WIB", "WITA", "WIT"]),
                name="unit_tz_label_valid",
            ),
        ]

    def __str__(self):
        return self.short_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.short_name)
        old_path = self.path
        parent_path = self.parent.path if self.parent_id else ""
        self.path = f"{parent_path}{self.slug}{PATH_SEPARATOR}"
        self.depth = self.path.count(PATH_SEPARATOR) - 1
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._move_descendants(old_path)

    def get_absolute_url(self):
        return reverse("articles:unit", kwargs={"slug": self.slug})

    def _move_descendants(self, old_path):
        for unit in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
            unit.path = self.path + unit.path[len(old_path) :]
            unit.depth = unit.path.count(PATH_SEPARATOR) - 1
            unit.save(update_fields=["path", "depth"])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("A unit cannot be moved beneath itself.")})
        try:
            ZoneInfo(self.tz_name)
        except Exception as exc:
            raise ValidationError({"tz_name": _("Unknown time zone.")}) from exc
        label = INDONESIAN_ZONES.get(self.tz_name)
        if label is None:  # Asia/Bangkok is UTC+7 too, but no unit's
            raise ValidationError(
                {
                    "tz_name": _(
                        "Not an Indonesian time zone: pick Asia/Jakarta or Asia/Pontianak (WIB), "
                        "Asia/Makassar (WITA) or Asia/Jayapura (WIT)."
                    )
                }
            )
        if self.tz_label != label:
            # The page would print a WIT hour labelled WIB.
            raise ValidationError(
                {
                    "tz_label": _("%(zone)s is %(label)s, not %(chosen)s.")
                    % {"zone": self.tz_name, "label": label, "chosen": self.tz_label}
                }
            )

    @property
    def zone(self):
        return ZoneInfo(self.tz_name)

    @property
    def dateline_region(self):
        """The region printed in capitals after the site name: 'SULAWESI SELATAN'."""
        return (self.province or self.hq_city or self.short_name).upper()

    def ancestor_slugs(self):
        return self.path.rstrip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1]

    def ancestors(self):
        """Units above this one, from Mabes down (one query)."""
        return Unit.objects.filter(slug__in=self.ancestor_slugs()).order_by(Length("path"))

    def subtree(self):
        return Unit.objects.subtree_of(self)
