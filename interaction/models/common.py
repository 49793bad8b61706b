"""Abstract parts the letters and the applications share (no tables of
their own): a privately stored attachment and a yearly number counter."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivateAttachment(models.Model):
    """A file's name, type and size; the concrete model adds its ``file``
    (stored outside MEDIA_ROOT) and the record it belongs to."""

    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class YearSequence(models.Model):
    """The last number given out in a year; incremented under a row lock so
    that concurrent submissions never share a number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @classmethod
    def next_serial(cls, year):
        """The next serial of ``year``. Must run inside the transaction that
        stores the record: the counter row stays locked until it commits, so
        concurrent submissions queue for it and none share a number, and a
        rolled-back submission gives its number back."""
        cls.objects.bulk_create([cls(year=year)], ignore_conflicts=True)
        cls.objects.filter(year=year).update(last=models.F("last") + 1)
        return cls.objects.filter(year=year).values_list("last", flat=True).get()
