"""Build the 随县 demo site idempotently: running it again changes nothing.

One class walks the site from the root down (locales, units, columns,
items, news, accounts, review workflow, then each channel's module); the
steps read in order, which is why it stays one module of ~400 lines."""

import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Collection, Locale, Page, Site

from disclosure.models import (
    Category,
    DisclosureIndexPage,
    DisclosureItemPage,
    GuidePage,
    Topic,
    Unit,
    UnitColumnPage,
)
from disclosure.provisioning import ensure_group, provision_unit
from disclosure.review.gate import publishing_as_system
from disclosure.review.setup import ensure_review_workflow
from home.models import HomePage, NewsIndexPage, NewsPage, SiteIdentity, StandardPage
from search.seed import ensure_synonyms

from . import data

REPORT_2014 = Path(__file__).with_name("report_2014.txt")


def report_body():
    """The county's own 2014 disclosure report, as published."""
    lines = REPORT_2014.read_text(encoding="utf-8").splitlines()
    return "".join(f"<p>{escape(line.strip())}</p>" for line in lines if line.strip())


def org_code(base):
    """组织机构代码 with its GB 11714 check character."""
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in base]
    check = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    char = {10: "X", 11: "0"}.get(check, str(check))
    return f"{base}-{char}"


def _date(value):
    return datetime.date.fromisoformat(value)


def _child(parent, model, slug, **fields):
    """The child of ``parent`` with ``slug``, created live if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = parent.add_child(instance=model(slug=slug, live=True, **fields))
    return page, True


class DemoLoader:
    def __init__(self, out=None):
        self.out = out or (lambda message: None)
        self.created = 0

    def log(self, message):
        self.out(message)

    @transaction.atomic
    def run(self):
        # The demo is a published site built from nothing: the one place
        # pages go live without the review workflow (see the publishing gate).
        with publishing_as_system("load_demo"):
            self.locales()
            home = self.home_page()
            self.site_identity(home)
            platform = self.platform(home)
            self.catalogue()
            units = self.units(platform)
            self.items(units)
            news, notices = self.news(home)
            self.home_layout(home, news, notices, platform, units)
            self.mailbox_pages(home)
            self.application_desks()
            self.accounts()
            self.mailbox_letters()
            self.surveys(home)
            self.talk(home)
            self.applications()
            self.annual_reports()
        return self.created

    def locales(self):
        # Also rebuilds what the migrations create, should the database have
        # been emptied (``flush``): the default locale, the tree's root, the
        # review workflow and the search's synonym list.
        for code in (settings.LANGUAGE_CODE, "en", "zh-hant"):
            Locale.objects.get_or_create(language_code=code)
        if Page.get_first_root_node() is None:
            Page.add_root(instance=Page(title="Root", slug="root", live=True))
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
        ensure_review_workflow(apps.get_model)
        ensure_synonyms()

    def home_page(self):
        home = HomePage.objects.first()
        if home is None:
            # Wagtail's own welcome page (and the site pointing at it) is not
            # part of the county's site.
            Page.objects.filter(depth=2).exact_type(Page).delete()
            home = Page.get_first_root_node().add_child(
                instance=HomePage(
                    title="随县人民政府",
                    slug="home",
                    banner="炎帝神农故里　编钟古乐之乡",
                    live=True,
                )
            )
            self.created += 1
            site = Site.objects.filter(is_default_site=True).first() or Site(
                hostname="localhost", port=80, is_default_site=True
            )
            site.root_page = home
            site.site_name = "随县人民政府"
            site.save()
        self.log("首页：已就绪")
        return home

    def site_identity(self, home):
        site = Site.objects.get(root_page=home)
        identity = SiteIdentity.for_site(site)
        identity.organizer = "随县人民政府办公室"
        identity.operator = "随县新闻中心"
        identity.site_code = "4213210001"
        identity.icp_number = "鄂ICP备10000000号-1"
        identity.police_number = "鄂公网安备42132102000001号"
        identity.party_mark_url = (
            "https://bszs.conac.cn/sitename?method=show&id=4213210001"
        )
        identity.address = data.COUNTY_ADDRESS
        identity.phone = "0722-4321000"
        identity.email = "zwgk@suixian.gov.cn"
        identity.save()

    def platform(self, home):
        platform = DisclosureIndexPage.objects.first()
        if platform is None:
            platform = home.add_child(
                instance=DisclosureIndexPage(
                    title="政府信息公开",
                    slug="zfxxgk",
                    show_in_menus=True,
                    live=True,
                    intro="<p>县本级、镇（场）、部门政府信息公开专栏。</p>",
                )
            )
            self.created += 1
        return platform

    def catalogue(self):
        for order, (slug, name, scope) in enumerate(data.CATEGORIES):
            Category.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "scope": scope, "sort_order": order * 10},
            )
        for order, (parent_name, children) in enumerate(data.TOPICS.items()):
            parent, _ = Topic.objects.get_or_create(
                name=parent_name, parent=None, defaults={"sort_order": order * 10}
            )
            for child_order, name in enumerate(children):
                Topic.objects.get_or_create(
                    name=name, parent=parent, defaults={"sort_order": child_order}
                )
        self.log(
            f"信息类别：{Category.objects.count()} 个，主题分类：{Topic.objects.count()} 个"
        )

    def units(self, platform):
        units = {}
        total = len(data.UNITS)
        for number, (code, slug, name, short, kind) in enumerate(data.UNITS, 1):
            unit, created = Unit.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "code": org_code(code),
                    "sort_order": number * 10,
                    "office_name": f"{name}政务公开办公室"
                    if kind != "county"
                    else "随县人民政府办公室",
                    "address": data.COUNTY_ADDRESS
                    if kind != "township"
                    else f"随县{short}政府大院",
                    "opening_hours": data.OPENING_HOURS,
                    "phone": f"0722-43{number:05d}",
                    "fax": f"0722-44{number:05d}",
                    "email": f"{slug}@suixian.gov.cn",
                },
            )
            self.created += created
            if unit.handles_county_pages != (slug == "xzfb"):
                unit.handles_county_pages = slug == "xzfb"
                unit.save(update_fields=["handles_county_pages"])
            column = provision_unit(unit, platform)
            for page in (column, *GuidePage.objects.child_of(column)):
                if not page.live:
                    page.save_revision().publish()
            units[slug] = unit
            self.log(f"[{number}/{total}] 机构与栏目：{name}")
        ensure_group("保密审查员")
        return units

    def items(self, units):
        categories = {c.slug: c for c in Category.objects.all()}
        topics = {t.name: t for t in Topic.objects.exclude(parent=None)}
        columns = {
            c.unit_id: c
            for c in UnitColumnPage.objects.filter(locale=Locale.get_default())
        }
        plans = []
        for unit_slug, cat, topic, title, number, formed in data.SEED_DOCUMENTS:
            plans.append((units[unit_slug], cat, topic, title, number, formed))
        for _code, slug, _name, short, kind in data.UNITS:
            unit = units[slug]
            if kind == "department":
                for cat, topic, title, formed in data.DEPARTMENT_ITEMS:
                    plans.append(
                        (unit, cat, topic, title.format(name=unit.name), "", formed)
                    )
            elif kind == "township":
                prefix = short[0]
                for cat, topic, title, formed, number in data.TOWNSHIP_ITEMS:
                    plans.append(
                        (
                            unit,
                            cat,
                            topic,
                            title.format(short=short),
                            number.format(p=prefix),
                            formed,
                        )
                    )
        for cat, topic, title, number, formed in data.LISHAN_EXTRA:
            plans.append((units["lishan"], cat, topic, title, number, formed))

        existing = set(DisclosureItemPage.objects.values_list("unit_id", "title"))
        total = len(plans)
        created = 0
        for number, (unit, cat, topic, title, doc_number, formed) in enumerate(
            plans, 1
        ):
            if (unit.pk, title) in existing:
                continue
            formed_on = _date(formed)
            column = columns[unit.pk]
            serial = DisclosureItemPage.objects.child_of(column).count() + 1
            body = (
                report_body()
                if "年度报告" in title
                else (
                    f"<p>{title}。</p><p>{unit.name}按照《中华人民共和国政府信息公开条例》"
                    "规定，经保密性和规范性审查后主动公开本信息。</p>"
                )
            )
            column.add_child(
                instance=DisclosureItemPage(
                    title=title,
                    slug=f"{formed_on:%Y}-{serial:03d}",
                    live=True,
                    document_number=doc_number,
                    formed_on=formed_on,
                    # The 2014 catalogue was migrated from the old site with its
                    # original publication dates.
                    published_on=formed_on + datetime.timedelta(days=3),
                    is_migrated=True,
                    category=categories[cat],
                    topic=topics.get(topic),
                    summary=title,
                    keywords=topic,
                    body=body,
                )
            )
            created += 1
            if created % 50 == 0 or number == total:
                self.log(f"[{number}/{total}] 公开信息")
        self.created += created
        self.log(
            f"公开信息：新建 {created} 条，共 {DisclosureItemPage.objects.count()} 条"
        )

    def news(self, home):
        news, made = _child(
            home, NewsIndexPage, "news", title="政务要闻", show_in_menus=True
        )
        self.created += made
        notices, made = _child(
            home, NewsIndexPage, "notices", title="通知公告", show_in_menus=True
        )
        self.created += made
        about, made = _child(
            home,
            StandardPage,
            "about",
            title="走进随县",
            show_in_menus=True,
            body=data.ABOUT,
        )
        self.created += made
        today = timezone.localdate()
        for section, entries in ((news, data.NEWS), (notices, data.NOTICES)):
            for offset, (title, summary) in enumerate(entries):
                _page, made = _child(
                    section,
                    NewsPage,
                    f"{section.slug}-{offset + 1}",
                    title=title,
                    date=today - datetime.timedelta(days=offset * 2),
                    source="随县人民政府办公室",
                    summary=summary,
                    body=f"<p>{summary}</p>",
                )
                self.created += made
        self.log("新闻与通知公告：已就绪")
        return news, notices

    def home_layout(self, home, news, notices, platform, units):
        if home.layout:
            return
        columns = {
            c.unit.slug: c for c in UnitColumnPage.objects.select_related("unit")
        }
        home.layout = [
            ("page_list", {"title": "政务要闻", "source": news, "count": 8}),
            ("page_list", {"title": "通知公告", "source": notices, "count": 8}),
            ("page_list", {"title": "政府信息公开", "source": platform, "count": 8}),
            (
                "link_grid",
                {
                    "title": "政务公开专栏",
                    "links": [
                        {
                            "label": "县政府信息公开",
                            "page": columns["county"],
                            "url": "",
                        },
                        {"label": "县政府办", "page": columns["xzfb"], "url": ""},
                        {"label": "厉山镇", "page": columns["lishan"], "url": ""},
                        {"label": "财政局", "page": columns["czj"], "url": ""},
                        {"label": "政府信息公开平台", "page": platform, "url": ""},
                    ],
                },
            ),
        ]
        home.save_revision().publish()

    def mailbox_pages(self, home):
        from . import mailbox

        mailbox.ensure_groups()
        self.created += mailbox.ensure_pages(home)
        self.log("书记县长信箱：已就绪")

    def mailbox_letters(self):
        from . import mailbox

        self.created += mailbox.load(self.log)

    def surveys(self, home):
        from . import surveys

        self.created += surveys.load(home, self.log)

    def talk(self, home):
        from . import talk

        self.created += talk.load(home, self.log)

    def application_desks(self):
        from . import applications

        self.created += applications.ensure_page()
        applications.ensure_desks()
        self.log("依申请公开：各机构办理组已就绪")

    def applications(self):
        from . import applications

        self.created += applications.load(self.log)

    def annual_reports(self):
        from . import reports

        self.created += reports.load(self.log)

    def accounts(self):
        User = get_user_model()
        from django.contrib.auth.models import Group

        for username, display, groups, superuser, _role in data.ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": display,
                    "email": f"{username}@suixian.gov.cn",
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            if created:
                user.set_password(data.PASSWORD)
                user.save()
                self.created += 1
            for name in groups:
                user.groups.add(Group.objects.get(name=name))
        self.log(f"演示账号：{len(data.ACCOUNTS)} 个")
