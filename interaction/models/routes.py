"""Routable pages reach their views here and only here: a route names the
views module and function, imported when the route is first served, so that
no model module imports views (which import the models)."""

import importlib

from wagtail.contrib.routable_page.models import path


def view_function(views, function):
    """``<views>.<function>``, imported on first use."""
    return getattr(importlib.import_module(views), function)


def route(pattern, views, function, *, name):
    """A RoutablePageMixin route at ``pattern`` named ``name`` that serves
    ``<views>.<function>(request, page, *url arguments)``."""

    def view(page, request, *args, **kwargs):
        # URL arguments go by position, in the order the pattern names them.
        arguments = (*args, *kwargs.values())
        return view_function(views, function)(request, page, *arguments)

    view.__name__ = view.__qualname__ = name
    return path(pattern, name=name)(view)
