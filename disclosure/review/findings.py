"""What the automated review reports: one :class:`Finding` per problem, with
its severity (:data:`BLOCK` stops publishing until fixed or released,
:data:`WARN` informs) and an excerpt of the text around it.

A finding's message and source are stored with the review (ReviewRun,
ReviewDecision, the talk records) as written, in zh-hans: the rules build them
from ``gettext_noop`` strings with named placeholders, so the catalogues hold
them without the stored text depending on the reviewer's language."""

import re
from dataclasses import asdict, dataclass

from django.utils.translation import gettext_noop

from . import personal

BLOCK = "block"
WARN = "warn"

#: Findings no reviewer releases with a reason (see disclosure.review.checks).
CONFIDENTIALITY_RULES = frozenset({"secret-mark", *personal.RULES})

EXCERPT_CONTEXT = 10

#: The default source of a finding: the text itself.
BODY = gettext_noop("正文")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str = ""
    source: str = BODY

    @property
    def blocks(self):
        return self.severity == BLOCK

    def as_dict(self):
        return asdict(self)


def excerpt(text, start, end, context=EXCERPT_CONTEXT):
    """The matched text with up to ``context`` characters either side."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    snippet = text[left:right]
    snippet = re.sub(r"\s+", " ", snippet.replace("\x00", " "))
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")
