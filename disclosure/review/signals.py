"""Signals of the review workflow. The interaction app turns them into
notifications (reviewers told of new tasks, editors of decisions); disclosure
itself sends nothing, so it depends on no other app."""

from django.dispatch import Signal

# A review task started on a page: kwargs ``task_state``, ``page``,
# ``reviewers`` (a list of users who may act on it), ``findings`` (list of
# Finding dicts).
review_task_started = Signal()

# A reviewer decided: kwargs ``task_state``, ``page``, ``decision``
# ("approved" or "rejected"), ``reviewer``, ``recipients`` (the editors to tell:
# who submitted and who edited the reviewed revision), ``comment``.
review_decided = Signal()
