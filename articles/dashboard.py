"""The desk's dashboard on the admin index: the signed-in user's units at a glance.

Other apps add panels without articles importing them: in their AppConfig.ready(),
`articles.dashboard.register_panel(func)`, where func(request) returns HTML (or "").
"""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts.scope import scope_path
from units.models import PATH_SEPARATOR, Unit

from .models import Article

_panels = []

CHART_WEEKS = 8
CHART_MAX_ROWS = 8
RECENT_DAYS = 7
LIST_LENGTH = 10


def register_panel(panel):
    """Add a dashboard panel: a callable taking the request and returning HTML or ""."""
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render_panels(request):
    return [html for html in (panel(request) for panel in _panels) if html]


def desk_lists(user, now=None):
    now = now or timezone.now()
    stories = Article.objects.editable_by(user).select_related("unit", "author")
    return {
        "in_review": stories.filter(status=Article.Status.IN_REVIEW).order_by("-updated_at")[
            :LIST_LENGTH
        ],
        "in_review_count": stories.filter(status=Article.Status.IN_REVIEW).count(),
        "scheduled": stories.scheduled().order_by("publish_at")[:LIST_LENGTH],
        "overdue": stories.awaiting_catch_up().order_by("publish_at")[:LIST_LENGTH],
        "recently_published": stories.published()
        .filter(publish_at__gte=now - datetime.timedelta(days=RECENT_DAYS))
        .order_by("-publish_at")[:LIST_LENGTH],
    }


def _chart_root(user):
    path = scope_path(user)
    if path is None:
        return None
    if path == "":
        return Unit.objects.filter(parent__isnull=True).order_by("path").first()
    return user.unit


def weekly_chart(user, now=None):
    """Stories published per unit per week over the last eight weeks, ready to draw.

    Rows are the user's own unit and each unit directly beneath it (with its subtree),
    the busiest first; the rest are summed as "Others".
    """
    root = _chart_root(user)
    if root is None:
        return None
    now = timezone.localtime(now or timezone.now())
    this_monday = (now - datetime.timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    weeks = [this_monday - datetime.timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    counts = (
        Article.objects.editable_by(user)
        .published()
        .filter(publish_at__gte=weeks[0])
        .annotate(week=TruncWeek("publish_at"))
        .values("unit__path", "week")
        .annotate(stories=Count("pk"))
        .order_by()
    )
    children = {unit.path: unit for unit in Unit.objects.filter(parent=root)}
    rows = {}
    for row in counts:
        # The unit a story counts under: the root itself, or the root's child above it.
        rest = row["unit__path"][len(root.path) :]
        key = root.path + rest.split(PATH_SEPARATOR)[0] + PATH_SEPARATOR if rest else root.path
        week_index = _week_index(weeks, row["week"])
        if week_index is None:
            continue
        rows.setdefault(key, [0] * CHART_WEEKS)[week_index] += row["stories"]
    labelled = [
        (children[key].short_name if key in children else root.short_name, values)
        for key, values in rows.items()
    ]
    labelled.sort(key=lambda item: (-sum(item[1]), item[0]))
    if len(labelled) > CHART_MAX_ROWS:
        rest = [values for _label, values in labelled[CHART_MAX_ROWS - 1 :]]
        others = [sum(week) for week in zip(*rest, strict=True)]
        labelled = labelled[: CHART_MAX_ROWS - 1] + [(None, others)]
    return _layout(labelled, weeks)


def _week_index(weeks, week_start):
    local = timezone.localtime(week_start).date()
    for index, monday in enumerate(weeks):
        if monday.date() == local:
            return index
    return None


# Geometry of the server-rendered SVG (small multiples: one row of bars per unit).
# Whole numbers only: a localised template would print 12.5 as "12,5", which SVG rejects.
LABEL_WIDTH = 170
BAR_WIDTH = 26
BAR_GAP = 8
ROW_HEIGHT = 34
BAR_MAX = 24
TOTAL_WIDTH = 44


def _layout(rows, weeks):
    peak = max((max(values) for _label, values in rows), default=0) or 1
    drawn = []
    for index, (label, values) in enumerate(rows):
        top = 24 + index * ROW_HEIGHT
        bars = []
        for week_index, value in enumerate(values):
            height = round(BAR_MAX * value / peak) if value else 0
            bars.append(
                {
                    "x": LABEL_WIDTH + week_index * (BAR_WIDTH + BAR_GAP),
                    "y": top + BAR_MAX - height,
                    "height": max(height, 1),
                    "value": value,
                    "week": weeks[week_index],
                }
            )
        drawn.append(
            {
                "label": label,
                "top": top,
                "baseline": top + BAR_MAX,
                "bars": bars,
                "total": sum(values),
                "text_y": top + BAR_MAX - 6,
            }
        )
    plot_width = CHART_WEEKS * (BAR_WIDTH + BAR_GAP)
    return {
        "bar_width": BAR_WIDTH,
        "rows": drawn,
        "weeks": [
            {"x": LABEL_WIDTH + i * (BAR_WIDTH + BAR_GAP) + BAR_WIDTH // 2, "date": monday}
            for i, monday in enumerate(weeks)
        ],
        "width": LABEL_WIDTH + plot_width + TOTAL_WIDTH,
        "height": 24 + max(len(drawn), 1) * ROW_HEIGHT + 4,
        "total_x": LABEL_WIDTH + plot_width + 8,
        "empty": not drawn,
    }
