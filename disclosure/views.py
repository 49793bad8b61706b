import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.validators import RegexValidator
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import PageLogEntry

from . import timeliness
from .models import (
    IMPORT_ACTION,
    ConfidentialityReviewTask,
    DisclosureItemPage,
    ItemImport,
    ReviewDecision,
    Unit,
    field_label,
)


def page_edit_url(page_id):
    """The admin edit view of a page, or None without one."""
    return reverse("wagtailadmin_pages:edit", args=[page_id]) if page_id else None


def units_visible_to(user):
    return Unit.for_user(user).order_by("kind_order", "sort_order", "name")


class UnitReportView(ReportView):
    """A report over the units the user belongs to (all for superusers);
    people without a unit are refused."""

    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        self.units = list(units_visible_to(request.user))
        if not self.units:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.page_title}-{timezone.localdate():%Y%m%d}"


class TimelinessFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("机构"), queryset=lambda request: units_visible_to(request.user)
    )
    status = django_filters.ChoiceFilter(
        label=_("问题"),
        choices=[
            (timeliness.LATE, _("逾期发布")),
            (timeliness.OVERDUE, _("逾期未发布")),
        ],
        method="filter_status",
        empty_label=_("全部"),
    )
    year = django_filters.NumberFilter(
        label=_("成文年份"), field_name="formed_on", lookup_expr="year"
    )

    class Meta:
        model = DisclosureItemPage
        fields = ["unit", "status", "year"]

    def filter_status(self, queryset, name, value):
        if value == timeliness.LATE:
            return queryset.filter(timeliness.late_q())
        if value == timeliness.OVERDUE:
            return queryset.filter(timeliness.overdue_q(timezone.localdate()))
        return queryset


class TimelinessReportView(UnitReportView):
    """公开时效报表: per unit, items published late and items overdue and still
    unpublished, with a chart of each unit's on-time rate and XLSX export."""

    page_title = _("公开时效")
    header_icon = "time"
    template_name = "disclosure/admin/timeliness_report.html"
    index_url_name = "disclosure_timeliness"
    index_results_url_name = "disclosure_timeliness_results"
    filterset_class = TimelinessFilterSet
    model = DisclosureItemPage
    columns = [
        TitleColumn(
            "title",
            label=field_label("title"),
            get_url=lambda item: page_edit_url(item.pk),
        ),
        Column("unit", label=_("机构"), accessor="unit.display_name"),
        DateColumn("formed_on", label=field_label("formed_on")),
        DateColumn("due_on", label=field_label("due_on")),
        DateColumn("published_on", label=field_label("published_on")),
        Column("status_label", label=_("问题")),
        Column("workdays_late", label=_("逾期工作日")),
    ]
    list_export = [
        "unit.name",
        "title",
        "index_number",
        "document_number",
        "formed_on",
        "due_on",
        "published_on",
        "status_label",
        "workdays_late",
    ]
    export_headings = {
        "unit.name": _("机构"),
        **{
            name: field_label(name)
            for name in (
                "title",
                "index_number",
                "document_number",
                "formed_on",
                "due_on",
                "published_on",
            )
        },
        "status_label": _("问题"),
        "workdays_late": _("逾期工作日"),
    }

    def get_queryset(self):
        return timeliness.problem_items(self.units)

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        return [timeliness.describe(item, today) for item in object_list]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = timeliness.summary(self.units)
        context["summary"] = rows
        context["chart_rows"] = sorted(
            (row for row in rows if row.published),
            key=lambda row: (row.on_time_rate, row.unit.sort_order),
        )
        return context


MONTH_RE = r"^\d{4}-(0[1-9]|1[0-2])$"


class ReviewLedgerFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("机构"),
        queryset=lambda request: units_visible_to(request.user),
        method="filter_unit",
    )
    month = django_filters.CharFilter(
        label=_("月份"),
        method="filter_month",
        validators=[
            RegexValidator(MONTH_RE, _("月份格式应为 YYYY-MM，例如 2026-11。"))
        ],
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    class Meta:
        model = PageLogEntry
        fields = ["unit", "month"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(
            Q(revision__in=ReviewDecision.objects.filter(unit=value).values("revision"))
            | Q(action=IMPORT_ACTION, data__unit=value.pk)
        )

    def filter_month(self, queryset, name, value):
        year, month = map(int, value.split("-"))
        start = timezone.make_aware(datetime.datetime(year, month, 1))
        end = timezone.make_aware(
            datetime.datetime(year + month // 12, month % 12 + 1, 1)
        )
        return queryset.filter(timestamp__gte=start, timestamp__lt=end)


def _step_fields(prefix, decision):
    if decision is None:
        return {
            f"{prefix}_reviewer": "",
            f"{prefix}_at": None,
            f"{prefix}_findings": "",
            f"{prefix}_note": "",
        }
    notes = []
    if decision.override_reason:
        notes.append(f"放行理由：{decision.override_reason}")
    if decision.false_positive_reason:
        notes.append(
            f"误报说明（{len(decision.false_positives)} 项）："
            f"{decision.false_positive_reason}"
        )
    elif decision.false_positives:
        notes.append(f"确认规范性审查员标记的误报 {len(decision.false_positives)} 项")
    if decision.confirmation:
        notes.append(decision.confirmation)
    note = "；".join(notes)
    return {
        f"{prefix}_reviewer": decision.reviewer.get_full_name()
        or decision.reviewer.get_username(),
        f"{prefix}_at": timezone.localtime(decision.decided_at),
        f"{prefix}_findings": f"阻断 {decision.blocking} 项，提示 {decision.warnings} 项",
        f"{prefix}_note": note or decision.comment,
    }


def _imported(entry):
    return entry.action == IMPORT_ACTION


def _import_fields(entry, record, units):
    """An imported item's row: the person who answers for the migration in
    both review steps, instead of blank steps."""
    unit = units.get(entry.data.get("unit"))
    entry.unit_name = unit.display_name if unit else "—"
    if record is None:
        who, when, note = entry.data.get("reviewed_by", ""), None, "迁移导入"
    else:
        who = record.reviewed_by.get_full_name() or record.reviewed_by.get_username()
        when = timezone.localtime(record.started_at)
        note = (
            f"迁移导入（批次 {record.pk}"
            + (f"，{record.source}" if record.source else "")
            + f"）：由{who}审核并负责，原发布日期 {entry.data.get('published_on', '')}"
        )
    for prefix in ("normativity", "confidentiality"):
        setattr(entry, f"{prefix}_reviewer", f"{who}（迁移导入）")
        setattr(entry, f"{prefix}_at", when)
        setattr(entry, f"{prefix}_findings", "自动检查无阻断性问题")
        setattr(entry, f"{prefix}_note", note)


class ReviewLedgerView(UnitReportView):
    """政务公开基础台帐: every published revision with its review steps."""

    page_title = _("政务公开基础台帐")
    header_icon = "list-ul"
    index_url_name = "disclosure_review_ledger"
    index_results_url_name = "disclosure_review_ledger_results"
    filterset_class = ReviewLedgerFilterSet
    model = PageLogEntry
    columns = [
        DateColumn("timestamp", label=_("发布时间")),
        Column("unit_name", label=_("机构")),
        TitleColumn(
            "title",
            label=_("标题"),
            accessor="label",
            get_url=lambda entry: page_edit_url(entry.page_id),
        ),
        Column("normativity_reviewer", label=_("规范性审查")),
        Column("normativity_findings", label=_("自动检查")),
        Column("normativity_note", label=_("规范性审查说明")),
        Column("confidentiality_reviewer", label=_("保密审查")),
        Column("confidentiality_note", label=_("保密审查说明")),
    ]
    list_export = [
        "timestamp",
        "unit_name",
        "label",
        "index_number",
        "normativity_reviewer",
        "normativity_at",
        "normativity_findings",
        "normativity_note",
        "confidentiality_reviewer",
        "confidentiality_at",
        "confidentiality_findings",
        "confidentiality_note",
    ]
    export_headings = {
        "timestamp": _("发布时间"),
        "unit_name": _("机构"),
        "label": _("标题"),
        "index_number": field_label("index_number"),
        "normativity_reviewer": _("规范性审查人"),
        "normativity_at": _("规范性审查时间"),
        "normativity_findings": _("规范性审查时自动检查"),
        "normativity_note": _("规范性审查说明"),
        "confidentiality_reviewer": _("保密审查人"),
        "confidentiality_at": _("保密审查时间"),
        "confidentiality_findings": _("保密审查时自动检查"),
        "confidentiality_note": _("保密审查说明"),
    }

    def get_queryset(self):
        entries = PageLogEntry.objects.filter(
            action__in=["wagtail.publish", IMPORT_ACTION]
        ).order_by("-timestamp", "-pk")
        if not self.request.user.is_superuser:
            entries = entries.filter(
                Q(
                    revision__in=ReviewDecision.objects.filter(
                        unit__in=self.units
                    ).values("revision")
                )
                | Q(action=IMPORT_ACTION, data__unit__in=[u.pk for u in self.units])
            )
        return entries

    def decorate_paginated_queryset(self, object_list):
        entries = list(object_list)
        decisions = {}
        for decision in ReviewDecision.objects.filter(
            revision_id__in=[e.revision_id for e in entries if e.revision_id],
            action="approve",
        ).select_related("reviewer", "unit", "task_state__task"):
            kind = (
                "confidentiality"
                if isinstance(
                    decision.task_state.task.specific, ConfidentialityReviewTask
                )
                else "normativity"
            )
            decisions[(decision.revision_id, kind)] = decision
        index_numbers = dict(
            DisclosureItemPage.objects.filter(
                pk__in=[e.page_id for e in entries]
            ).values_list("pk", "index_number")
        )
        imports = {
            record.pk: record
            for record in ItemImport.objects.filter(
                pk__in={e.data.get("import") for e in entries if _imported(e)}
            ).select_related("reviewed_by")
        }
        units = {u.pk: u for u in Unit.objects.all()} if imports else {}
        for entry in entries:
            if _imported(entry):
                _import_fields(entry, imports.get(entry.data.get("import")), units)
                entry.index_number = index_numbers.get(entry.page_id, "")
                continue
            normativity = decisions.get((entry.revision_id, "normativity"))
            confidentiality = decisions.get((entry.revision_id, "confidentiality"))
            unit = (normativity or confidentiality or None) and (
                normativity or confidentiality
            ).unit
            entry.unit_name = unit.display_name if unit else "—"
            entry.index_number = index_numbers.get(entry.page_id, "")
            for prefix, decision in (
                ("normativity", normativity),
                ("confidentiality", confidentiality),
            ):
                for key, value in _step_fields(prefix, decision).items():
                    setattr(entry, key, value)
            if normativity is None and confidentiality is None:
                entry.normativity_reviewer = "未经审查"
        return entries
