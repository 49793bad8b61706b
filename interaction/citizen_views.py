"""What the public pages of the interviews and consultations share: taking a
citizen's item (a question, a comment) through the page's form. The page
shows the form while it accepts items; a post passes the captcha, the rate
limits by IP and by phone and the form, then the channel's workflow stores
the item and the citizen comes back to the page with a notice. See
:mod:`.citizen_forms` for the form."""

from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from .mailbox import captcha, ratelimit


class CitizenIntake:
    """One request to a page that takes citizens' items. Subclasses set the
    attributes and say whether the page :meth:`accepts` items, what else it
    shows (:meth:`page_context`) and how an item is stored (:meth:`submit`);
    :meth:`view` gives the view function the page's route serves."""

    form_class = None
    #: The record's last state: only then, and without a form, may caches
    #: keep the page (before it, the state changes without a publish).
    final_state = ""
    #: The session key (and context name) of the notice after sending.
    sent_key = sent_name = ""
    #: The fragment of the page the citizen comes back to.
    anchor = ""
    #: ``<rate_name>-ip``/``-phone`` are counted against the settings
    #: ``<rate_setting>_RATE_IP``/``_RATE_PHONE``.
    rate_name = rate_setting = ""
    closed_message = ip_limit_message = phone_limit_message = ""

    def __init__(self, request, page):
        self.request = request
        self.page = page

    @classmethod
    def view(cls):
        def view(request, page):
            return cls(request, page).dispatch()

        view.__doc__ = cls.__doc__
        return view

    def accepts(self):
        raise NotImplementedError

    def page_context(self):
        raise NotImplementedError

    def submit(self, data, ip):
        raise NotImplementedError

    def form_kwargs(self):
        return {}

    def initial(self):
        return {}

    def form(self, *args):
        return self.form_class(*args, request=self.request, **self.form_kwargs())

    def render(self, form, status=200, **extra):
        context = {
            **self.page_context(),
            "form": form,
            "captcha_src": captcha.new(self.request) if form is not None else "",
            **extra,
        }
        response = self.page.render(self.request, context_overrides=context)
        response.status_code = status
        if form is not None or self.page.state != self.final_state:
            # The form is per user; the state changes without a publish.
            add_never_cache_headers(response)
        return response

    def dispatch(self):
        if self.request.method == "POST":
            return self.post()
        if self.request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return self.get()

    def get(self):
        form = None
        if self.accepts():
            form = self.form_class(
                request=self.request, initial=self.initial(), **self.form_kwargs()
            )
        sent = bool(self.request.session.pop(self.sent_key, False))
        return self.render(form, **{self.sent_name: sent})

    def post(self):
        request = self.request
        if not self.accepts():
            return self.render(None, status=400, closed_message=self.closed_message)
        if captcha.wants_new_question(request):
            return self.render(captcha.unjudged(self.form(captcha.typed(request))))
        ip = ratelimit.client_ip(request)
        form = self.form(request.POST)
        if not ratelimit.hit(
            f"{self.rate_name}-ip", ip, f"{self.rate_setting}_RATE_IP"
        ):
            return self.render(form, status=429, limit_message=self.ip_limit_message)
        if not form.is_valid():
            return self.render(form, status=400)
        data = form.cleaned_data
        if not ratelimit.hit(
            f"{self.rate_name}-phone", data["phone"], f"{self.rate_setting}_RATE_PHONE"
        ):
            return self.render(form, status=429, limit_message=self.phone_limit_message)
        try:
            self.submit(data, ip)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form, status=400)
        request.session[self.sent_key] = True
        return redirect(self.page.get_url(request) + self.anchor)
