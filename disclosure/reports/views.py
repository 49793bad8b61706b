"""Admin views: the webmaster's site-health dashboard, the monthly 通报 and
the annual report's XLSX export, registered as one ViewSet."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from ..models import AnnualReportPage, Category, HealthRun, MonthlyBulletin, Unit
from . import health, monthly, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TREND_RUNS = 20


def is_county_office(user):
    """The webmaster and the county office see the site-wide reports."""
    if user.is_superuser:
        return True
    office = Unit.county_office()
    if office is None:
        return False
    groups = [office.editors_group_id, office.reviewers_group_id]
    return user.groups.filter(pk__in=[g for g in groups if g]).exists()


class OfficeOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_county_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename={filename}"
    return response


class SiteHealthView(OfficeOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("网站健康")
    header_icon = "warning"
    template_name = "disclosure/admin/site_health.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = list(HealthRun.objects.all()[:TREND_RUNS])
        latest = runs[0] if runs else None
        vetoes = (
            [
                {"label": label, "holds": latest.vetoes.get(key, True)}
                for key, label, _rules, _threshold in health.VETOES
            ]
            if latest
            else []
        )
        peak = max((len(run.findings) for run in runs), default=0) or 1
        context.update(
            latest=latest,
            findings=[health.labelled(f) for f in latest.findings] if latest else [],
            vetoes=vetoes,
            trend_width=max(10 * len(runs), 10),
            trend=[
                {
                    "run": run,
                    "count": len(run.findings),
                    "failed": run.failed_vetoes,
                    "x": 10 * index,
                    "y": 100 - round(100 * len(run.findings) / peak),
                    "percent": round(100 * len(run.findings) / peak),
                }
                for index, run in enumerate(reversed(runs))
            ],
        )
        return context


class RunHealthView(OfficeOnlyMixin, View):
    def post(self, request):
        from ..tasks import site_health

        # External links can take a while: the worker runs the check.
        site_health.delay()
        messages.success(request, _("已开始检查，请稍后刷新本页查看结果。"))
        return redirect("site_health:index")


class BulletinView(OfficeOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("政务公开月度通报")
    header_icon = "doc-full"
    template_name = "disclosure/admin/bulletin.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bulletins = list(MonthlyBulletin.objects.all()[:24])
        pk = self.request.GET.get("id")
        current = (
            next((b for b in bulletins if str(b.pk) == pk), None)
            if pk
            else (bulletins[0] if bulletins else None)
        )
        if pk and current is None:
            raise Http404
        context.update(
            categories=Category.objects.filter(scope=Category.Scope.ALL),
            bulletins=bulletins,
            bulletin=current,
            chart=monthly.chart(current.data) if current else None,
        )
        if current:
            keys = [key for key, _label in current.data["columns"]]
            context["table"] = [
                (row, [row.get(key) for key in keys]) for row in current.data["rows"]
            ]
        return context


class GenerateBulletinView(OfficeOnlyMixin, View):
    def post(self, request):
        bulletin = monthly.generate()
        messages.success(request, _("已生成%(name)s。") % {"name": bulletin})
        return redirect("site_health:bulletins")


class PublishBulletinView(OfficeOnlyMixin, View):
    """A draft item of the 通报 for the site, which then goes through the
    review like any other item."""

    def post(self, request, pk):
        bulletin = get_object_or_404(MonthlyBulletin, pk=pk)
        value = request.POST.get("category", "")
        category = (
            Category.objects.filter(pk=int(value)).first()
            if value.isdigit() and len(value) < 12
            else None
        )
        if category is None:
            messages.error(request, _("请选择信息类别。"))
            return redirect(reverse("site_health:bulletins") + f"?id={bulletin.pk}")
        page = monthly.draft_for_site(bulletin, category, request.user)
        messages.success(request, _("已生成网站发布稿，请检查后提交政务公开审查。"))
        return redirect("wagtailadmin_pages:edit", page.pk)


class BulletinXlsxView(OfficeOnlyMixin, View):
    def get(self, request, pk):
        bulletin = get_object_or_404(MonthlyBulletin, pk=pk)
        return _xlsx(
            xlsx.bulletin(bulletin.data, str(bulletin)),
            f"bulletin-{bulletin.year}-{bulletin.month:02d}.xlsx",
        )


class AnnualReportXlsxView(View):
    def get(self, request, pk):
        page = get_object_or_404(AnnualReportPage, pk=pk)
        if not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        page = page.get_latest_revision_as_object()
        return _xlsx(
            xlsx.annual_report(page), f"annual-report-{page.year}-{page.pk}.xlsx"
        )


class ReportsViewSet(ViewSet):
    name = "site_health"
    icon = "warning"
    menu_label = _("网站健康")

    def get_urlpatterns(self):
        return [
            path("", SiteHealthView.as_view(), name="index"),
            path("run/", RunHealthView.as_view(), name="run"),
            path("bulletins/", BulletinView.as_view(), name="bulletins"),
            path(
                "bulletins/generate/",
                GenerateBulletinView.as_view(),
                name="generate_bulletin",
            ),
            path(
                "bulletins/<int:pk>/publish/",
                PublishBulletinView.as_view(),
                name="publish_bulletin",
            ),
            path(
                "bulletins/<int:pk>/xlsx/",
                BulletinXlsxView.as_view(),
                name="bulletin_xlsx",
            ),
            path(
                "annual/<int:pk>/xlsx/",
                AnnualReportXlsxView.as_view(),
                name="annual_xlsx",
            ),
        ]
