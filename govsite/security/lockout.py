"""Admin login lockout (django-axes): the handler that counts failures, and
the page shown when a login is refused."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class AccountAndAddressHandler(AxesDatabaseHandler):
    """Failures for one account count against ``AXES_FAILURE_LIMIT``; failures
    from one client address against ``AXES_IP_FAILURE_LIMIT``, which is
    higher: a county office reaches the site through one NAT address, and a
    few colleagues' typos must not lock the whole office out."""

    def get_failures(self, request, credentials=None):
        limit = settings.AXES_FAILURE_LIMIT
        address_limit = max(getattr(settings, "AXES_IP_FAILURE_LIMIT", limit), 1)
        worst = 0
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        for parameter, queryset in zip(parameters, attempts, strict=True):
            failures = queryset.aggregate(n=Sum("failures_since_start"))["n"] or 0
            if parameter == "ip_address":
                # Scaled so that axes' "failures >= AXES_FAILURE_LIMIT" holds
                # exactly when the address reached its own limit.
                failures = failures * limit // address_limit
            worst = max(worst, failures)
        return worst


def lockout_response(request, original_response=None, credentials=None):
    minutes = round(float(settings.AXES_COOLOFF_TIME or 0) * 60)
    return render(
        request,
        "wagtailadmin/account/locked_out.html",
        {"minutes": minutes},
        status=429,
    )
