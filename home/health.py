"""The site-health rules about the site shell (disclosure's
``register_site_health_checks`` hook): the homepage's freshness, the news
and notice columns, the footer's identifiers and the news pages' dates."""

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from disclosure.reports import health

from .models import HomePage, NewsIndexPage, NewsPage, SiteIdentity

HOMEPAGE_DAYS = 14
#: Column kind of each news section by its slug; others count as notices.
NEWS_KINDS = {"news": "news"}


def _edit(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def homepage(today):
    """The homepage shows the latest news: it counts as updated when it, or
    a section it lists, last changed."""
    home = HomePage.objects.live().first()
    if home is None:
        return []
    latest = (
        NewsPage.objects.live()
        .descendant_of(home)
        .filter(date__lte=today)
        .aggregate(latest=Max("date"))["latest"]
    )
    published = home.last_published_at.date() if home.last_published_at else None
    updated = max(filter(None, [latest, published]), default=None)
    if updated and (today - updated).days <= HOMEPAGE_DAYS:
        return []
    return [
        health.Finding(
            "homepage_stale",
            health.VETO,
            home.title,
            _("首页超过两周未更新（最近更新：%(date)s）。")
            % {"date": updated or _("无")},
            _edit(home.pk),
        )
    ]


def news_columns(today):
    found = []
    for section in NewsIndexPage.objects.live().order_by("path"):
        section.latest = (
            NewsPage.objects.live()
            .child_of(section)
            .filter(date__lte=today)
            .aggregate(latest=Max("date"))["latest"]
        )
        kind = NEWS_KINDS.get(section.slug, "notices")
        limit = health.stale_days(kind)
        if section.latest is None:
            found.append(
                health.Finding(
                    "column_empty",
                    health.ERROR,
                    section.title,
                    _("栏目没有任何内容（空白栏目）。"),
                    _edit(section.pk),
                )
            )
        elif (today - section.latest).days > limit:
            found.append(
                health.Finding(
                    "column_stale",
                    health.ERROR,
                    section.title,
                    _("栏目最近一次更新为%(date)s，超过%(days)s天未更新。")
                    % {"date": section.latest.isoformat(), "days": limit},
                    _edit(section.pk),
                )
            )
    return found


FOOTER_FIELDS = [
    ("party_mark_url", gettext_lazy("党政机关网站标识")),
    ("site_code", gettext_lazy("网站标识码")),
    ("icp_number", gettext_lazy("ICP备案号")),
    ("police_number", gettext_lazy("公安机关备案号")),
    ("organizer", gettext_lazy("主办单位")),
]


def footer(today):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    identity = SiteIdentity.for_site(site)
    url = reverse("wagtailsettings:edit", args=["home", "siteidentity", site.pk])
    return [
        health.Finding(
            "footer_missing",
            health.ERROR,
            _("页脚"),
            _("页脚缺少%(label)s，请在“网站信息”中填写。") % {"label": label},
            url,
        )
        for name, label in FOOTER_FIELDS
        if not getattr(identity, name)
    ]


def news_dates(today):
    return [
        health.Finding(
            "publication_date",
            health.VETO,
            page.title,
            _("新闻日期%(date)s晚于今天，疑似伪造发稿日期。") % {"date": page.date},
            _edit(page.pk),
        )
        for page in NewsPage.objects.live().filter(date__gt=today).only("title", "date")
    ]


def checks(today):
    return [
        *homepage(today),
        *news_columns(today),
        *footer(today),
        *news_dates(today),
    ]
