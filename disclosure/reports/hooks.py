"""The hooks through which other apps supply figures and health checks.

* ``register_report_figures``: a function ``(unit, year) -> dict`` where
  ``unit`` is a Unit, or None for the whole county. The dict may hold
  ``"table3"`` (Table 3 in the applications app's nested form or flat) and
  ``"channels"``: a list of ``{"name", "received", "answered", "summary"}``
  (one per citizen channel; ``summary`` is a sentence for the report's text).
* ``register_site_health_checks``: a function ``(today) -> iterable`` of
  :class:`disclosure.reports.health.Finding`.
* ``register_monthly_figures``: a function ``(units, start, end) -> dict``
  mapping a unit's pk to ``{figure key: value}``, plus ``"_columns"``: a list
  of ``(figure key, label)`` in the order the 通报 prints them."""

from wagtail import hooks

REPORT_FIGURES = "register_report_figures"
SITE_HEALTH_CHECKS = "register_site_health_checks"
MONTHLY_FIGURES = "register_monthly_figures"


def report_figures(unit, year):
    """Every provider's figures for ``unit`` (None: county-wide) and
    ``year``, merged: ``{"table3": …, "channels": [...]}``."""
    merged = {"table3": None, "channels": []}
    for provider in hooks.get_hooks(REPORT_FIGURES):
        figures = provider(unit, year) or {}
        if figures.get("table3") is not None:
            merged["table3"] = figures["table3"]
        merged["channels"].extend(figures.get("channels", []))
    return merged


def health_checks():
    return list(hooks.get_hooks(SITE_HEALTH_CHECKS))


def monthly_figures(units, start, end):
    columns, values = [], {}
    for provider in hooks.get_hooks(MONTHLY_FIGURES):
        figures = dict(provider(units, start, end) or {})
        columns.extend(figures.pop("_columns", []))
        for pk, cells in figures.items():
            values.setdefault(pk, {}).update(cells)
    return columns, values
