from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyEvent(models.Model):
    """One step in the history of a record: who (``actor``, and the name shown
    for them), when, a note and structured ``data``. Append-only: rows are
    never changed or deleted. Letters, applications, surveys and the talk
    records each keep their own table of these."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人"), max_length=100)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("events are append-only")


class StateEvent(AppendOnlyEvent):
    """One step in the history of an interview, a question, a consultation or
    a comment (see :mod:`interaction.machine`)."""

    #: The TextChoices of the states, for the labels.
    states = None

    action = models.CharField(_("操作"), max_length=30)
    from_state = models.CharField(_("原状态"), max_length=20, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20)

    class Meta(AppendOnlyEvent.Meta):
        abstract = True

    def __str__(self):
        return f"{self.action} {self.from_state} → {self.to_state}"

    def _label(self, value):
        if not value:
            return ""
        try:
            return str(self.states(value).label)
        except ValueError:
            return value

    @property
    def from_label(self):
        return self._label(self.from_state)

    @property
    def to_label(self):
        return self._label(self.to_state)
