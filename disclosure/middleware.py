"""Shows the publishing gate's refusals to whoever tried, from whichever
door: a message and the way back for the admin's forms, a 403 with the
reason as JSON for the admin API and scripts. Never a 500."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.admin.modal_workflow import render_modal_workflow

from .review.gate import PublishingRefused
from .review.workflow import ReviewRefused


class RefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ReviewRefused):
            return self.review_refused(request, exception)
        if not isinstance(exception, PublishingRefused):
            return None
        message = str(exception.args[0]) if exception.args else str(exception)
        wants_page = (
            request.accepts("text/html")
            and request.headers.get("x-requested-with") != "XMLHttpRequest"
            and "/api/" not in request.path
        )
        if not wants_page:
            return JsonResponse(
                {
                    "success": False,
                    "error_code": "review_required",
                    "error_message": message,
                    "detail": message,
                },
                status=403,
            )
        messages.error(request, message)
        return redirect(self.back(request))

    def review_refused(self, request, exception):
        """A reviewer's decision refused in the dashboard's dialog (Wagtail
        passes the refusal on for its scripted dialogs only): the dialog
        closes and the page it was opened from shows why."""
        if request.headers.get("x-requested-with") != "XMLHttpRequest":
            return None
        messages.error(request, str(exception))
        return render_modal_workflow(
            request,
            "",
            None,
            {},
            json_data={"step": "success", "redirect": self.back(request)},
        )

    @staticmethod
    def back(request):
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = "/admin/"
        return back
