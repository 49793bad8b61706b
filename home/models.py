from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from disclosure.cache import LISTS, request_fragment_version
from disclosure.models import DisclosureItemPage
from disclosure.panels import ReviewFindingsPanel

from . import routing
from .entries import quick_entries

NEWS_PER_PAGE = 20


class PageListBlock(blocks.StructBlock):
    """The latest pages of one section (news, notices, the disclosure platform)."""

    title = blocks.CharBlock(label=_("标题"))
    source = blocks.PageChooserBlock(
        label=_("栏目"),
        page_type=["home.NewsIndexPage", "disclosure.DisclosureIndexPage"],
    )
    count = blocks.IntegerBlock(label=_("条数"), default=8, min_value=1, max_value=20)

    class Meta:
        label = _("栏目列表")
        icon = "list-ul"
        template = "home/blocks/page_list.html"


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("名称"))
    page = blocks.PageChooserBlock(label=_("站内页面"), required=False)
    url = blocks.URLBlock(label=_("外部链接"), required=False)

    class Meta:
        label = _("链接")


class LinkGridBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"))
    links = blocks.ListBlock(LinkBlock(), label=_("链接"))

    class Meta:
        label = _("快捷入口")
        icon = "link"
        template = "home/blocks/link_grid.html"


class HomePage(Page):
    """The county portal's home page; its layout is a StreamField the webmaster
    arranges from section lists, quick links and text."""

    banner = models.CharField(_("横幅标语"), max_length=120, blank=True)
    layout = StreamField(
        [
            ("page_list", PageListBlock()),
            ("link_grid", LinkGridBlock()),
            (
                "text",
                blocks.RichTextBlock(label=_("文字"), template="home/blocks/text.html"),
            ),
        ],
        verbose_name=_("首页布局"),
        blank=True,
    )

    content_panels = Page.content_panels + [
        ReviewFindingsPanel(heading=_("审查")),
        FieldPanel("banner"),
        FieldPanel("layout"),
    ]
    max_count = 1
    subpage_types = [
        "home.NewsIndexPage",
        "home.StandardPage",
        "disclosure.DisclosureIndexPage",
        "interaction.InteractionIndexPage",
    ]

    class Meta:
        verbose_name = _("首页")

    def route(self, request, path_components):
        """The page at the path in two queries (routing.py), not two per
        level; what is found is what Wagtail's walk finds."""
        found = routing.route(self, request, path_components)
        if found is None:
            return super().route(request, path_components)
        return found

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the layout's fragment is rendered, not served from
        # the cache (templates/home/home_page.html).
        context["section_entries"] = SimpleLazyObject(self.section_entries)
        context["fragment_version"] = request_fragment_version(request, LISTS)
        site = self.get_site()
        context["quick_entries"] = quick_entries(request, site) if site else []
        return context

    def section_entries(self):
        """The latest entries of each section the layout lists, keyed by the
        section page's id: one query per listed section, whatever the data size."""
        sources = {
            block.value["source"].pk: block.value["count"]
            for block in self.layout
            if block.block_type == "page_list" and block.value["source"]
        }
        entries = {}
        for page in Page.objects.filter(pk__in=sources).specific():
            count = sources[page.pk]
            if isinstance(page, NewsIndexPage):
                entries[page.pk] = list(page.entries()[:count])
            else:
                entries[page.pk] = list(
                    DisclosureItemPage.objects.live()
                    .descendant_of(page)
                    .select_related("unit")
                    .order_by("-published_on", "-pk")[:count]
                )
        return entries


class StandardPage(Page):
    body = RichTextField(_("正文"), blank=True)

    content_panels = Page.content_panels + [
        ReviewFindingsPanel(heading=_("审查")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("普通页面")


class NewsIndexPage(Page):
    """A section of dated articles: 政务要闻, 通知公告, 乡镇动态 …"""

    intro = RichTextField(_("简介"), blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = _("新闻栏目")

    def entries(self):
        return NewsPage.objects.live().child_of(self).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.entries(), NEWS_PER_PAGE)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    # Shows itself and the shell only (disclosure/cache.py).
    page_cache_self_contained = True

    date = models.DateField(_("日期"))
    source = models.CharField(_("来源"), max_length=100, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = RichTextField(_("正文"))

    content_panels = Page.content_panels + [
        ReviewFindingsPanel(heading=_("审查")),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("source")], heading=_("信息")),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("新闻")


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """What the inspection rules require in the footer."""

    organizer = models.CharField(
        _("主办单位"), max_length=100, default="随县人民政府办公室"
    )
    operator = models.CharField(_("承办单位"), max_length=100, blank=True)
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    icp_number = models.CharField(_("ICP备案号"), max_length=50, blank=True)
    police_number = models.CharField(_("公安机关备案号"), max_length=50, blank=True)
    party_mark_url = models.URLField(
        _("党政机关网站标识链接"),
        blank=True,
        help_text=_("党政机关网站标识的认证链接，显示在页脚。"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)

    panels = [
        FieldPanel("organizer"),
        FieldPanel("operator"),
        FieldPanel("site_code"),
        FieldPanel("icp_number"),
        FieldPanel("police_number"),
        FieldPanel("party_mark_url"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta:
        verbose_name = _("网站信息")
