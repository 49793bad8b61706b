"""A survey's questions as plain data: what the form, the aggregation, the
charts and the exports work from, read once from the page's StreamField.

An answer is stored per response as ``{question id: value}``:

==========  =============================================
kind        value
==========  =============================================
single      option id
multiple    [option id, …]
short_text  text
long_text   text
rating      1 … 5
matrix      {row id: scale point id}
==========  =============================================
An optional question left unanswered has no key."""

from dataclasses import dataclass, field

from . import blocks as kinds

RATING_POINTS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    number: int
    label: str
    help_text: str = ""
    required: bool = True
    options: tuple = ()  # ((id, label), …); matrix: the scale
    rows: tuple = ()  # matrix rows ((id, label), …)
    min_picks: int = 0
    max_picks: int | None = None
    low_label: str = ""
    high_label: str = ""
    option_ids: frozenset = field(default=frozenset(), compare=False)
    row_ids: frozenset = field(default=frozenset(), compare=False)

    @property
    def is_text(self):
        return self.kind in kinds.TEXT_KINDS

    def option_label(self, option_id):
        return dict(self.options).get(option_id, "")

    def structure(self):
        """What answers depend on: ids and kinds, not wording."""
        return (
            self.id,
            self.kind,
            tuple(i for i, _label in self.options),
            tuple(i for i, _label in self.rows),
        )


def _items(list_value):
    return tuple((child.id, child.value) for child in list_value.bound_blocks)


def from_stream(stream):
    """The questions of a ``questions`` StreamField value."""
    result = []
    for number, child in enumerate(stream, 1):
        value = child.value
        options, rows = (), ()
        if child.block_type in (kinds.SINGLE, kinds.MULTIPLE):
            options = _items(value["options"])
        elif child.block_type == kinds.MATRIX:
            options = _items(value["scale"])
            rows = _items(value["rows"])
        result.append(
            Question(
                id=child.id,
                kind=child.block_type,
                number=number,
                label=value["label"],
                help_text=value.get("help_text") or "",
                required=bool(value.get("required")),
                options=options,
                rows=rows,
                min_picks=value.get("min_picks") or 0,
                max_picks=value.get("max_picks"),
                low_label=value.get("low_label") or "",
                high_label=value.get("high_label") or "",
                option_ids=frozenset(i for i, _label in options),
                row_ids=frozenset(i for i, _label in rows),
            )
        )
    return result


def texts(questions):
    """``(source, text)`` pairs for the review checks."""
    parts = []
    for q in questions:
        parts.append(("问题", q.label))
        if q.help_text:
            parts.append(("问题说明", q.help_text))
        parts.extend(("选项", label) for _id, label in q.options + q.rows)
    return parts
