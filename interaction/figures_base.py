"""What the figures of the interviews and consultations share: the
per-unit table of a period's summaries. The period and the rates are the
mailbox's (:mod:`.mailbox.figures`)."""


def per_unit(summary, year, month, *unit_ids):
    """``summary(unit, year, month)`` of each unit among ``unit_ids``
    (querysets of unit ids, e.g. the units of the records and of the items
    of the period), in the units' order."""
    from disclosure.models import Unit

    ids = set().union(*unit_ids)
    return [
        {"unit": unit, **summary(unit, year, month)}
        for unit in Unit.objects.filter(pk__in=ids).ordered()
    ]
