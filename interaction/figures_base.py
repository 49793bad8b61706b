"""What the figures of the interviews and consultations share: the
per-unit table of a period's summaries. The period and the rates are the
mailbox's (:mod:`.mailbox.figures`)."""

from .mailbox.figures import period


def per_unit(summary, year, month, *, items, item_unit, record_units):
    """``summary(unit, year, month)`` of each unit, in the units' order,
    that received citizens' ``items`` (a model; ``item_unit`` the path to
    its unit) in the period or has records in it (``record_units(start,
    end)``, their unit ids)."""
    from disclosure.models import Unit

    start, end = period(year, month)
    ids = set(
        items.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .values_list(item_unit, flat=True)
        .distinct()
    ) | set(record_units(start, end))
    return [
        {"unit": unit, **summary(unit, year, month)}
        for unit in Unit.objects.filter(pk__in=ids).ordered()
    ]
