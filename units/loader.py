"""Import the Polri hierarchy from the bundled CSV (idempotent: matched by short name)."""

import csv
from pathlib import Path

from django.db import transaction

from .models import Unit

UNITS_CSV = Path(__file__).resolve().parent / "data" / "units.csv"


@transaction.atomic
def load_units(csv_path=UNITS_CSV):
    created = 0
    with open(csv_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_short_name = {}
    for row in rows:  # parents come before children in the file
        parent = by_short_name.get(row["parent_short_name"]) if row["parent_short_name"] else None
        unit, was_created = Unit.objects.update_or_create(
            short_name=row["short_name"],
            defaults={
                "name": row["name"],
                "level": row["level"],
                "parent": parent,
                "province": row["province"],
                "hq_city": row["hq_city"],
                "tz_label": row["tz_label"],
                "tz_name": row["tz"],
                "active": row["active"] == "1",
            },
        )
        by_short_name[unit.short_name] = unit
        created += was_created
    return created, len(rows)
