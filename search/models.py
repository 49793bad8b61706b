from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .lexicon import split_terms

MAX_TERMS = 20
MAX_TERM_LENGTH = 30


class SynonymGroup(models.Model):
    """Words a citizen may use for the same thing: an abbreviation and its
    full name (低保，最低生活保障), an old and a new name of a policy or an
    office (新农合，城乡居民医保). A search for any of them finds them all."""

    terms = models.CharField(
        _("同义词"),
        max_length=500,
        help_text=_("同一组的词语，用逗号、顿号或空格分隔，如：低保，最低生活保障"),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)

    panels = [FieldPanel("terms"), FieldPanel("note"), FieldPanel("enabled")]

    class Meta:
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")
        ordering = ["pk"]

    def __str__(self):
        return "，".join(self.term_list())

    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        super().clean()
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError({"terms": _("一组同义词至少要有两个词语。")})
        if len(terms) > MAX_TERMS:
            raise ValidationError(
                {"terms": _("一组同义词最多 %(n)d 个词语。") % {"n": MAX_TERMS}}
            )
        long_terms = [t for t in terms if len(t) > MAX_TERM_LENGTH]
        if long_terms:
            raise ValidationError(
                {
                    "terms": _("词语“%(term)s”太长（最多 %(n)d 个字）。")
                    % {"term": long_terms[0], "n": MAX_TERM_LENGTH}
                }
            )
        self.terms = "，".join(dict.fromkeys(terms))


class SearchDocument(models.Model):
    """A live page as the site search ranks it (documents.py: written by the
    search backend beside Wagtail's index entries, read by engine.py on
    PostgreSQL). Not edited by anyone."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    content_type_id = models.IntegerField()
    locale_id = models.IntegerField()
    path = models.CharField(max_length=255)
    date = models.DateField(null=True)
    unit_id = models.BigIntegerField(null=True)
    category_id = models.BigIntegerField(null=True)
    title = SearchVectorField()
    body = SearchVectorField()

    class Meta:
        db_table = "search_document"
        verbose_name = _("搜索文档")
        verbose_name_plural = _("搜索文档")
        indexes = [
            models.Index(
                fields=["locale_id", "-date", "-page"], name="search_doc_newest"
            )
        ]

    def __str__(self):
        return str(self.page_id)
