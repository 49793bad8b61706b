"""The demo's 书记/县长信箱: the pages, and about 200 letters of 2014 taken
through the real life cycle (interaction.mailbox.workflow) with backdated
steps and no notifications, so that the figures page shows what the seed
reports: 200 letters received, 199 answered, 办结率 99.5%. A few letters of
the current days give the office and 财政局 something to work on."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from disclosure import workdays
from disclosure.models import Unit
from disclosure.provisioning import ensure_group
from interaction import conf
from interaction.mailbox import workflow
from interaction.mailbox.roles import CITIZEN, SYSTEM
from interaction.models import (
    InteractionIndexPage,
    Letter,
    MailboxCategory,
    MailboxPage,
    Rating,
)

from . import data

YEAR = 2014
LETTERS = 200
# Letter numbers (1-based) that get a special history.
LATE = {17, 58, 93, 131, 166, 188}
EXTENDED = {41, 120}
RETURNED = {27, 102, 150}
REOPENED = {64, 140}
UNRATED = {9, 77, 155}
UNSATISFIED = {36, 112, 177}  # rated 不满意, closed by the office without reopening
# A unit with too few letters to be ranked.
SMALL_UNIT = {55, 133, 190}
SMALL_UNIT_TEMPLATE = (
    "consult",
    "tjj",
    "农业普查入户登记咨询",
    "村里通知要进行农业普查入户登记，请问普查员会问哪些内容？个人信息会不会泄露？",
    "农业普查数据依法只用于统计目的，普查员持证入户，登记的个人信息依法保密。如对普查员身份有疑问可拨打县统计局电话0722-4300120核实。",
)
UNANSWERED = 200  # still in progress: the one letter of 200 not answered


def ensure_groups():
    for setting in (
        "MAILBOX_OFFICE_GROUP",
        "MAILBOX_SUPERVISION_GROUP",
        "MAILBOX_LEADERSHIP_GROUP",
    ):
        ensure_group(conf.get(setting))


def ensure_pages(home):
    """The 互动交流 section with the 书记信箱 and 县长信箱; returns the number
    of pages created."""
    created = 0
    index = InteractionIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=InteractionIndexPage(
                title="互动交流",
                slug="hudong",
                show_in_menus=True,
                live=True,
                intro="<p>书记县长信箱、来信查询、来信选登和办理情况统计。</p>",
            )
        )
        created += 1
    for slug, title, intro in data.MAILBOXES:
        if MailboxPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        mailbox = MailboxPage(
            title=title, slug=slug, live=True, intro=intro, notice=data.MAILBOX_NOTICE
        )
        mailbox.categories = [
            MailboxCategory(category=category, reply_workdays=days, sort_order=order)
            for order, (category, days) in enumerate(data.MAILBOX_WORKDAYS)
        ]
        index.add_child(instance=mailbox)
        created += 1
    return created


class LetterHistory:
    """Builds the demo letters through the workflow, with backdated steps."""

    def __init__(self):
        self.rng = random.Random(YEAR)
        User = get_user_model()
        self.office = User.objects.get(username="mailbox_office")
        self.mailboxes = list(MailboxPage.objects.order_by("path"))
        self.units = {u.slug: u for u in Unit.objects.all()}
        self.handlers = {}

    def handler(self, unit):
        """A member of the unit's handlers group: the demo account when there
        is one, else a history-only user who cannot log in."""
        if unit.pk in self.handlers:
            return self.handlers[unit.pk]
        User = get_user_model()
        user = User.objects.filter(groups=unit.handlers_group_id).order_by("pk").first()
        if user is None:
            user, created = User.objects.get_or_create(
                username=f"demo_handler_{unit.slug}",
                defaults={"first_name": f"{unit.display_name}信箱办理人"},
            )
            if created:
                user.set_unusable_password()
                user.save()
            user.groups.add(unit.handlers_group_id)
        self.handlers[unit.pk] = user
        return user

    def at(self, day, hour=None):
        hour = self.rng.randint(9, 17) if hour is None else hour
        naive = datetime.datetime.combine(
            day, datetime.time(hour, self.rng.randint(0, 59))
        )
        return timezone.make_aware(naive)

    def received_at(self, number):
        # Spread over the year, a little busier in spring and autumn.
        day_of_year = int((number - 0.5) / LETTERS * 360) + self.rng.randint(0, 4)
        day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=day_of_year)
        return self.at(min(day, datetime.date(YEAR, 12, 20)), self.rng.randint(8, 21))

    def writer(self, number):
        name = self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN_NAMES)
        phone = f"1{self.rng.choice('3578')}{self.rng.randint(0, 9)}{number:04d}{self.rng.randint(1000, 9999)}"
        return name, phone

    def run(self):
        townships = [u for u in self.units.values() if u.kind == Unit.Kind.TOWNSHIP]
        for number in range(1, LETTERS + 1):
            template = data.LETTER_TEMPLATES[(number * 7) % len(data.LETTER_TEMPLATES)]
            if number in SMALL_UNIT:
                template = SMALL_UNIT_TEMPLATE
            category, unit_slug, subject, content, reply = template
            town = self.rng.choice(townships).display_name
            if unit_slug == "lishan":
                town = "厉山镇"
            fill = {"town": town, "village": self.rng.choice(data.VILLAGES)}
            name, phone = self.writer(number)
            self.one(
                number,
                mailbox=self.mailboxes[number % len(self.mailboxes)],
                unit=self.units[unit_slug],
                category=category,
                subject=subject.format(**fill),
                content=content.format(**fill),
                reply=reply.format(**fill),
                name=name,
                phone=phone,
            )

    def one(
        self, number, *, mailbox, unit, category, subject, content, reply, **writer
    ):
        received = self.received_at(number)
        letter, _code = workflow.submit(
            mailbox,
            category=category,
            subject=subject,
            content=content,
            consent_publish=self.rng.random() < 0.8,
            at=received,
            notify_writer=False,
            **writer,
        )
        day = received.date()
        office = self.office

        def step(action, by, when, **data):
            return workflow.transition(
                letter, action, by=by, at=when, notify=False, **data
            )

        day = workdays.add(day, 1)
        step("accept", office, self.at(day, 9))
        if number in RETURNED:
            wrong = self.units["xzfb"] if unit.slug != "xzfb" else self.units["czj"]
            step("assign", office, self.at(day, 10), unit=wrong)
            step(
                "return",
                self.handler(wrong),
                self.at(workdays.add(day, 1), 10),
                note="不属于本单位职责，请转相关部门办理。",
            )
            day = workdays.add(day, 1)
        step("assign", office, self.at(day, 11), unit=unit)
        handler = self.handler(unit)
        step("sign", handler, self.at(day, 15))
        if number == UNANSWERED:
            # Received in December, never answered: overdue, under 督办.
            step("supervise", SYSTEM, self.at(workdays.add(letter.due_on, 1), 7))
            return
        if number in EXTENDED:
            step(
                "request_extension",
                handler,
                self.at(workdays.add(day, 1), 10),
                days=5,
                note="需会同多个部门现场核查，申请延期答复。",
            )
            step("approve_extension", office, self.at(workdays.add(day, 1), 16))
        budget = workdays.between(day, letter.due_on)
        if number in LATE:
            delay = budget + self.rng.randint(1, 4)
        else:
            delay = self.rng.randint(1, max(1, budget))
        if number in EXTENDED:
            delay = max(delay, 2)
        day = workdays.add(day, delay)
        self.answer(letter, handler, day, reply)
        if number in REOPENED:
            day = workdays.add(day, 1)
            step(
                "rate",
                CITIZEN,
                self.at(day, 20),
                rating=Rating.UNSATISFIED,
                comment="问题没有实际解决。",
            )
            step(
                "reopen",
                office,
                self.at(workdays.add(day, 1), 9),
                note="来信人不满意，请重新核实办理。",
            )
            day = workdays.add(day, 3)
            self.answer(
                letter, handler, day, reply + "经再次上门核实，问题已落实解决。"
            )
        if number in UNRATED:
            step(
                "close",
                SYSTEM,
                self.at(workdays.add(day, 10), 7),
                note="答复后10个工作日未评价，系统自动办结。",
            )
            return
        if number in UNSATISFIED:
            day = workdays.add(day, 1)
            step(
                "rate",
                CITIZEN,
                self.at(day, 20),
                rating=Rating.UNSATISFIED,
                comment="答复没有解决实际问题。",
            )
            step(
                "close",
                office,
                self.at(workdays.add(day, 1), 10),
                note="已按政策答复，不属于可重新办理的情形，予以办结。",
            )
            return
        rating = self.rng.choices([Rating.SATISFIED, Rating.BASIC], weights=[80, 20])[0]
        step("rate", CITIZEN, self.at(workdays.add(day, 1), 20), rating=rating)

    def answer(self, letter, handler, day, reply):
        office = self.office
        for action, by, hour, fields in (
            ("submit_reply", handler, 10, {"reply": reply}),
            ("approve", office, 14, {}),
            ("answer", office, 15, {"publish": letter.consent_publish}),
        ):
            workflow.transition(
                letter, action, by=by, at=self.at(day, hour), notify=False, **fields
            )


def recent_letters():
    """A handful of letters of the last days, in every stage the office and
    财政局 deal with."""
    history = LetterHistory()
    today = timezone.localdate()
    czj = history.units["czj"]
    handler = history.handler(czj)
    office = history.office
    mailbox = history.mailboxes[-1]

    def new(days_ago, subject, content, category="consult"):
        received = history.at(today - datetime.timedelta(days=days_ago), 10)
        letter, _code = workflow.submit(
            mailbox,
            name="李建国",
            phone=f"1390722{days_ago:04d}",
            category=category,
            subject=subject,
            content=content,
            consent_publish=True,
            at=received,
            notify_writer=False,
        )
        return letter

    def step(letter, action, by, **data):
        workflow.transition(letter, action, by=by, notify=False, **data)

    new(
        1,
        "咨询耕地地力保护补贴发放时间",
        "请问今年的耕地地力保护补贴什么时候发放到“一卡通”？",
    )
    letter = new(
        2,
        "村级公益事业一事一议财政奖补项目咨询",
        "我村想申报一事一议财政奖补项目修建村组道路，请问申报条件和程序是什么？",
    )
    step(letter, "accept", office)
    step(letter, "assign", office, unit=czj)
    letter = new(
        4,
        "惠民补贴资金公示在哪里查询",
        "请问各项惠民补贴资金的发放名单在哪里公示？",
        "consult",
    )
    step(letter, "accept", office)
    step(letter, "assign", office, unit=czj)
    step(letter, "sign", handler)
    letter = new(
        5,
        "建议公开镇级财政预算",
        "建议各镇在政府网站公开本级财政预算和决算，方便群众监督。",
        "suggest",
    )
    step(letter, "accept", office)
    step(letter, "assign", office, unit=czj)
    step(letter, "sign", handler)
    step(
        letter,
        "submit_reply",
        handler,
        reply="感谢您的建议。按照预算法和政府信息公开有关规定，各镇（场）将于本年度起在县政府网站政府信息公开专栏公开本级预算和决算。",
    )
    letter = new(
        3,
        "请求解决邻里宅基地纠纷",
        "邻居建房占了我家宅基地，法院已经立案，请县长督促法院快审。",
        "help",
    )
    step(
        letter,
        "decline",
        office,
        reason="litigation",
        note="已进入诉讼程序，请依法通过司法途径解决。",
    )


def load(log):
    """Create the demo letters once (nothing happens when letters exist)."""
    if Letter.objects.exists():
        log("书记县长信箱：来信已存在")
        return 0
    if not Group.objects.filter(name=conf.get("MAILBOX_OFFICE_GROUP")).exists():
        ensure_groups()
    LetterHistory().run()
    recent_letters()
    log(f"书记县长信箱：来信 {Letter.objects.count()} 件")
    return Letter.objects.count()
