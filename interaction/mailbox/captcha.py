"""A server-side arithmetic captcha: the question is drawn as a PNG with
Pillow (embedded as a data: URI, so no extra request and no outside asset),
the answer is kept in the session and can be used once. The same question is
offered as text (the image's alternative) so that a blind citizen can answer
it with a screen reader, and "换一题" re-renders the form with what was typed."""

import base64
import io
import random
import secrets
import time

from django.forms.utils import ErrorDict
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont

from .. import conf

SESSION_KEY = "mailbox_captcha"
_rng = random.SystemRandom()


#: The submit button that asks for another question instead of submitting.
NEW_QUESTION = "new_captcha"


class Challenge(str):
    """The image's data URI; ``question`` is the same question as text."""

    question = ""


def _question():
    """The question drawn, the question read aloud, the answer."""
    a, b = _rng.randint(1, 20), _rng.randint(1, 9)
    if _rng.random() < 0.5 and a > b:
        return (
            f"{a} - {b} = ?",
            gettext("%(a)s 减 %(b)s 等于几？") % {"a": a, "b": b},
            a - b,
        )
    return (
        f"{a} + {b} = ?",
        gettext("%(a)s 加 %(b)s 等于几？") % {"a": a, "b": b},
        a + b,
    )


def _render(text):
    width, height = 150, 48
    image = Image.new("RGB", (width, height), (246, 246, 246))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        draw.line(
            [(_rng.randint(0, width), _rng.randint(0, height)) for _ in range(2)],
            fill=(_rng.randint(150, 210),) * 3,
            width=1,
        )
    try:
        font = ImageFont.load_default(size=26)
    except TypeError:  # Pillow without FreeType
        font = ImageFont.load_default()
    x = 8
    for char in text:
        draw.text(
            (x, _rng.randint(4, 12)),
            char,
            font=font,
            fill=(_rng.randint(20, 90), _rng.randint(20, 60), _rng.randint(60, 140)),
        )
        x += 14 if char == " " else 18
    for _ in range(120):
        draw.point(
            (_rng.randrange(width), _rng.randrange(height)),
            fill=(_rng.randint(100, 200),) * 3,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def new(request):
    """A fresh question for this session; returns the image data URI (a
    ``Challenge`` carrying the question as text)."""
    text, spoken, answer = _question()
    request.session[SESSION_KEY] = {
        "answer": str(answer),
        "at": time.time(),
        "nonce": secrets.token_hex(4),
    }
    challenge = Challenge(_render(text))
    challenge.question = spoken
    return challenge


def wants_new_question(request):
    """The citizen pressed "换一题": show the form again, judge nothing."""
    return request.method == "POST" and NEW_QUESTION in request.POST


def typed(request):
    """What was typed (but the old answer), to bind the form shown again."""
    data = request.POST.copy()
    data.pop("captcha", None)
    return data


def unjudged(form):
    """``form`` shown as typed without error messages: the citizen only
    asked for another question (files chosen must be chosen again)."""
    form._errors = ErrorDict()
    return form


def check(request, value):
    """True when ``value`` answers the session's question; the question is
    used up either way."""
    stored = request.session.pop(SESSION_KEY, None)
    if not stored or time.time() - stored.get("at", 0) > conf.get(
        "MAILBOX_CAPTCHA_TTL"
    ):
        return False
    return (value or "").strip() == stored["answer"]
