"""Site health against the inspection rules (政府网站与政务新媒体检查指标).

Each rule is a function ``(today) -> [Finding]``. The rules about disclosure
live here; other apps add theirs through the ``register_site_health_checks``
hook (the homepage and footer in ``home``, letters and applications in
``interaction``). :func:`run` runs them all and stores the run for the trend.
"""

import datetime
import html
import json
import re
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from ..models import Category, DisclosureItemPage, HealthRun, UnitColumnPage
from ..review.links import find_links, is_internal
from . import hooks

VETO, ERROR, WARNING = "veto", "error", "warning"

#: Days without a new page before a column counts as stale, per column kind;
#: settings.SITE_HEALTH_STALE_DAYS overrides any of them.
STALE_DAYS = {"news": 14, "notices": 183, "policy": 183}
#: The inspection fails a site with this many stale (or empty) columns.
COLUMN_VETO_COUNT = 5
EXTERNAL_LINK_LIMIT = 50
#: Stored runs older than this are dropped (the trend shows recent ones).
KEEP_RUNS_DAYS = 90


@dataclass
class Finding:
    rule: str
    severity: str
    where: str
    message: str
    url: str = ""

    def as_dict(self):
        return asdict(self)


#: The 单项否决 rules the dashboard shows red or green: (key, label, rules
#: whose findings count, how many findings fail it).
VETOES = [
    ("expression", gettext_lazy("严重表述错误"), ["expression"], 1),
    ("dates", gettext_lazy("伪造发布日期"), ["publication_date"], 1),
    ("homepage", gettext_lazy("首页两周未更新"), ["homepage_stale"], 1),
    ("stale", gettext_lazy("栏目不更新（≥5个）"), ["column_stale"], COLUMN_VETO_COUNT),
    ("empty", gettext_lazy("空白栏目（≥5个）"), ["column_empty"], COLUMN_VETO_COUNT),
    (
        "interaction",
        gettext_lazy("互动回应差（留言超过3个月未回复）"),
        ["letter_unanswered", "application_unanswered"],
        1,
    ),
]


SEVERITY_LABELS = {
    VETO: gettext_lazy("单项否决"),
    ERROR: gettext_lazy("错误"),
    WARNING: gettext_lazy("提示"),
}
RULE_LABELS = {
    "homepage_stale": gettext_lazy("首页未更新"),
    "column_stale": gettext_lazy("栏目不更新"),
    "column_empty": gettext_lazy("空白栏目"),
    "category_empty": gettext_lazy("空信息类别"),
    "dead_link": gettext_lazy("链接无法访问"),
    "letter_unanswered": gettext_lazy("来信超过3个月未答复"),
    "letter_overdue": gettext_lazy("来信逾期未答复"),
    "application_unanswered": gettext_lazy("申请超过3个月未答复"),
    "application_overdue": gettext_lazy("申请逾期未答复"),
    "footer_missing": gettext_lazy("页脚标识缺失"),
    "consultation_feedback_overdue": gettext_lazy("意见征集未按期反馈"),
    "publication_date": gettext_lazy("发布日期异常"),
    "expression": gettext_lazy("严重表述错误"),
}


def labelled(finding):
    """A stored finding with its rule and severity named in Chinese."""
    return {
        **finding,
        "rule_label": RULE_LABELS.get(finding["rule"], finding["rule"]),
        "severity_label": SEVERITY_LABELS.get(finding["severity"], ""),
    }


def stale_days(kind):
    return {**STALE_DAYS, **getattr(settings, "SITE_HEALTH_STALE_DAYS", {})}[kind]


def edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


# Rules about disclosure -------------------------------------------------------
def disclosure_columns(today):
    """Unit columns with no item, or none newer than the policy limit."""
    limit = stale_days("policy")
    columns = (
        UnitColumnPage.objects.live()
        .select_related("unit")
        .annotate(
            latest=Max(
                "unit__items__published_on",
                filter=Q(unit__items__live=True),
            )
        )
        .order_by("path")
    )
    findings = []
    for column in columns:
        if column.latest is None:
            findings.append(
                Finding(
                    "column_empty",
                    ERROR,
                    column.title,
                    _("栏目没有任何公开信息（空白栏目）。"),
                    edit_url(column.pk),
                )
            )
        elif (today - column.latest).days > limit:
            findings.append(
                Finding(
                    "column_stale",
                    ERROR,
                    column.title,
                    _("栏目最近一次更新为%(date)s，超过%(days)s天未更新。")
                    % {"date": column.latest.isoformat(), "days": limit},
                    edit_url(column.pk),
                )
            )
    return findings


def empty_categories(today):
    """Categories the catalogue's filter offers that hold no live item."""
    used = set(
        DisclosureItemPage.objects.live()
        .values_list("category_id", flat=True)
        .distinct()
    )
    return [
        Finding(
            "category_empty",
            WARNING,
            category.name,
            _("信息类别公开显示但没有任何信息，请补充内容或停用该类别。"),
            reverse("wagtailsnippets_disclosure_category:edit", args=[category.pk]),
        )
        for category in Category.objects.exclude(pk__in=used)
    ]


def publication_dates(today):
    """Live items with no publication date, or one after today (forged)."""
    items = DisclosureItemPage.objects.live().filter(
        Q(published_on__isnull=True) | Q(published_on__gt=today)
    )
    return [
        Finding(
            "publication_date",
            VETO,
            item.title,
            _("发布日期缺失或晚于今天（%(date)s），疑似伪造发稿日期。")
            % {"date": item.published_on or _("无")},
            edit_url(item.pk),
        )
        for item in items.only("pk", "title", "published_on")
    ]


def _live_texts():
    """``(page, html)`` of every live page with rich text, by content type."""
    for page in Page.objects.live().specific().iterator(chunk_size=500):
        parts = [
            str(getattr(page, name, "") or "")
            for name in ("body", "intro", "summary", "extra")
        ]
        parts += [str(text) for _label, text in _review_texts(page)]
        text = "\n".join(p for p in parts if p)
        if text:
            yield page, text


def _review_texts(page):
    extra = getattr(page, "review_texts", None)
    return extra() if callable(extra) else []


def expression_errors(today):
    """Blocking review findings (secret marks, personal data) and wrong fixed
    names on live pages."""
    from ..review.page_checks import make_reviewer

    reviewer = make_reviewer()
    reviewer.link_checker = None
    findings = []
    for page, text in _live_texts():
        plain = html.unescape(strip_tags(text))
        for found in reviewer.check(plain):
            if found.blocks or found.rule == "fixed-name":
                findings.append(
                    Finding(
                        "expression",
                        VETO,
                        page.title,
                        f"{found.message}（{found.excerpt}）",
                        edit_url(page.pk),
                    )
                )
    return findings


def assume_alive(url):
    """A link checker that checks nothing: for tests and offline sites."""
    return True


def link_checker():
    path = getattr(settings, "SITE_HEALTH_LINK_CHECKER", "")
    if path:
        return import_string(path)
    from ..review.links import check_external_link

    return check_external_link


_PAGE_LINK_RE = re.compile(r'<a[^>]*linktype="page"[^>]*id="(\d+)"')


def dead_links(today):
    """Links to pages that are gone or unpublished, site-relative links that
    lead nowhere, and external links that do not answer (at most
    EXTERNAL_LINK_LIMIT distinct ones, HEAD first)."""
    from ..review.page_checks import internal_link_alive

    hosts = getattr(settings, "REVIEW_INTERNAL_HOSTS", ())
    pages, targets, external = [], set(), {}
    for page, text in _live_texts():
        ids = {int(i) for i in _PAGE_LINK_RE.findall(text)}
        pages.append((page, text, ids))
        targets |= ids
    live = set(Page.objects.live().filter(pk__in=targets).values_list("pk", flat=True))
    findings = []
    for page, text, ids in pages:
        for target in sorted(ids - live):
            findings.append(
                Finding(
                    "dead_link",
                    ERROR,
                    page.title,
                    _("站内链接指向的页面（编号%(id)s）已删除或未发布。")
                    % {"id": target},
                    edit_url(page.pk),
                )
            )
        for _start, _end, url in find_links(text):
            if is_internal(url, hosts):
                if not internal_link_alive(url):
                    findings.append(
                        Finding(
                            "dead_link",
                            ERROR,
                            page.title,
                            _("站内链接“%(url)s”无法访问。") % {"url": url},
                            edit_url(page.pk),
                        )
                    )
            else:
                external.setdefault(url, page)
    check = link_checker()
    limit = getattr(settings, "SITE_HEALTH_EXTERNAL_LIMIT", EXTERNAL_LINK_LIMIT)
    for url, page in list(external.items())[:limit]:
        if not check(url):
            findings.append(
                Finding(
                    "dead_link",
                    WARNING,
                    page.title,
                    _("外部链接“%(url)s”无法访问。") % {"url": url},
                    edit_url(page.pk),
                )
            )
    return findings


RULES = [
    disclosure_columns,
    empty_categories,
    publication_dates,
    expression_errors,
    dead_links,
]


def findings(today=None):
    today = today or timezone.localdate()
    found = []
    for rule in RULES + hooks.health_checks():
        found.extend(rule(today))
    return found


def vetoes(found):
    """``{veto key: holds}`` for the 单项否决 rules."""
    counts = {}
    for finding in found:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return {
        key: sum(counts.get(rule, 0) for rule in rules) < threshold
        for key, _label, rules, threshold in VETOES
    }


def run(today=None):
    """Run every rule and store the run."""
    found = findings(today)
    HealthRun.objects.filter(
        ran_at__lt=timezone.now() - datetime.timedelta(days=KEEP_RUNS_DAYS)
    ).delete()
    return HealthRun.objects.create(
        findings=[f.as_dict() for f in found], vetoes=vetoes(found)
    )


def json_lines(found):
    return "\n".join(json.dumps(f.as_dict(), ensure_ascii=False) for f in found)
