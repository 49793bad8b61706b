"""What the automated review reports: one :class:`Finding` per problem, with
its severity (:data:`BLOCK` stops publishing until fixed or released,
:data:`WARN` informs) and an excerpt of the text around it."""

import re
from dataclasses import asdict, dataclass

from . import personal

BLOCK = "block"
WARN = "warn"

#: Findings no reviewer releases with a reason (see disclosure.review.checks).
CONFIDENTIALITY_RULES = frozenset({"secret-mark", *personal.RULES})

EXCERPT_CONTEXT = 10


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str = ""
    source: str = "正文"

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
