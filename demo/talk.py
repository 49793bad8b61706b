"""The demo's 在线访谈 and 意见征集, built through the domain functions with
backdated steps and no notifications:

* the county head on the 三大战略 (农业稳县、工业强县、旅游活县), as the 2014
  report tells, archived with its transcript;
* an upcoming interview of 财政局 (a few days ahead) to send questions to;
* a draft of 县政府办 open for comment (since 20 days, 10 days to go);
* a closed consultation of 财政局 (2014) with its decisions and published
  意见采纳情况反馈."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from disclosure.models import Unit
from interaction import staff
from interaction.consultations import workflow as consultations
from interaction.interviews import transcript
from interaction.interviews import workflow as interviews
from interaction.mailbox.roles import SYSTEM
from interaction.models import (
    ConsultationFeedbackPage,
    ConsultationIndexPage,
    ConsultationKind,
    ConsultationPage,
    DraftArticle,
    EntryKind,
    InteractionIndexPage,
    InterviewGuest,
    InterviewIndexPage,
    InterviewPage,
)

from . import talk_data as data


def _at(day, hour, minute=0):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def ensure_indexes(interaction):
    created = 0
    interviews_index = InterviewIndexPage.objects.child_of(interaction).first()
    if interviews_index is None:
        interviews_index = interaction.add_child(
            instance=InterviewIndexPage(
                title="在线访谈", slug="fangtan", live=True, intro=data.INTERVIEWS_INTRO
            )
        )
        created += 1
    consultations_index = ConsultationIndexPage.objects.child_of(interaction).first()
    if consultations_index is None:
        consultations_index = interaction.add_child(
            instance=ConsultationIndexPage(
                title="意见征集",
                slug="zhengji",
                live=True,
                intro=data.CONSULTATIONS_INTRO,
            )
        )
        created += 1
    return interviews_index, consultations_index, created


class Builder:
    def __init__(self):
        User = get_user_model()
        self.units = {u.slug: u for u in Unit.objects.filter(slug__in=["xzfb", "czj"])}
        self.host = {
            "xzfb": User.objects.get(username="mailbox_office"),
            "czj": User.objects.get(username="handler_czj"),
        }

    # Interviews -------------------------------------------------------
    def interview(self, index, spec, guests):
        unit = self.units[spec["unit"]]
        page = InterviewPage(
            title=spec["title"],
            slug=spec["slug"],
            live=True,
            host_unit=unit,
            starts_at=spec["starts_at"],
            ends_at=spec["ends_at"],
            intro=spec["intro"],
            summary=spec.get("summary", ""),
        )
        page.guests = [
            InterviewGuest(name=name, post=post, sort_order=n)
            for n, (name, post) in enumerate(guests)
        ]
        index.add_child(instance=page)
        staff.grant_page_rights(page, unit)
        return page

    def archived_interview(self, index):
        spec = data.STRATEGY_INTERVIEW
        page = self.interview(index, spec, spec["guests"])
        host = self.host[spec["unit"]]
        guests = list(page.guests.all())
        start, end = spec["starts_at"], spec["ends_at"]
        minute = datetime.timedelta(minutes=1)

        def say(kind, text, at, guest=None):
            transcript.post_entry(
                page, by=host, kind=kind, text=text, guest=guest, at=at
            )

        questions = []
        for n, (name, phone, text) in enumerate(data.STRATEGY_QUESTIONS):
            asked = start - datetime.timedelta(days=3, hours=n)
            questions.append(
                interviews.submit_question(
                    page, name=name, phone=phone, content=text, at=asked
                )
            )
        for question in questions:
            interviews.QUESTION.transition(
                question, "accept", by=host, at=start - 30 * minute, notify=False
            )
        interviews.INTERVIEW.transition(page, "start", by=SYSTEM, at=start)
        page.refresh_from_db()
        at = start + minute
        say(EntryKind.HOST, data.STRATEGY_OPENING, at)
        for text in data.STRATEGY_STATEMENTS:
            at += 4 * minute
            say(EntryKind.GUEST, text, at, guests[0])
        for question, (guest_index, answer) in zip(
            questions, data.STRATEGY_ANSWERS, strict=True
        ):
            at += 6 * minute
            interviews.QUESTION.transition(
                question,
                "answer",
                by=host,
                at=at,
                notify=False,
                guest=guests[guest_index],
                answer=answer,
            )
        say(EntryKind.HOST, data.STRATEGY_CLOSING, end - minute)
        interviews.INTERVIEW.transition(page, "end", by=SYSTEM, at=end)
        interviews.INTERVIEW.transition(
            page, "archive", by=SYSTEM, at=end + datetime.timedelta(days=3)
        )

    def upcoming_interview(self, index):
        spec = dict(data.SUBSIDY_INTERVIEW)
        day = timezone.localdate() + datetime.timedelta(days=3)
        spec.update(starts_at=_at(day, 9, 30), ends_at=_at(day, 11, 0))
        page = self.interview(index, spec, spec["guests"])
        for n, (name, phone, text) in enumerate(data.SUBSIDY_QUESTIONS):
            interviews.submit_question(
                page,
                name=name,
                phone=phone,
                content=text,
                at=timezone.now() - datetime.timedelta(hours=5 - n),
            )

    # Consultations ----------------------------------------------------
    def consultation(self, index, spec, opens_at, closes_at):
        unit = self.units[spec["unit"]]
        page = ConsultationPage(
            title=spec["title"],
            slug=spec["slug"],
            live=True,
            unit=unit,
            kind=ConsultationKind.NORMATIVE,
            opens_at=opens_at,
            closes_at=closes_at,
            intro=spec["intro"],
            explanation=spec["explanation"],
            contact=spec["contact"],
        )
        page.articles = [
            DraftArticle(heading=heading, text=text, sort_order=n)
            for n, (heading, text) in enumerate(spec["articles"])
        ]
        index.add_child(instance=page)
        staff.grant_page_rights(page, unit)
        consultations.CONSULTATION.transition(page, "open", by=SYSTEM, at=opens_at)
        page.refresh_from_db()
        return page

    def comments(self, page, entries, start, publish_by=None):
        articles = page.numbered_articles()
        made = []
        for n, (name, phone, article, text, *decision) in enumerate(entries):
            comment = consultations.submit_comment(
                page,
                name=name,
                phone=phone,
                content=text,
                article=articles[article - 1] if article else None,
                at=start + datetime.timedelta(days=n % 9 + 1, hours=n),
            )
            made.append((comment, decision))
        if publish_by is not None:
            for comment, _decision in made:
                consultations.COMMENT.transition(
                    comment,
                    "publish",
                    by=publish_by,
                    at=comment.submitted_at + datetime.timedelta(hours=20),
                )
        return made

    def open_consultation(self, index):
        spec = data.OPEN_CONSULTATION
        today = timezone.localdate()
        opens = _at(today - datetime.timedelta(days=20), 9)
        closes = _at(today + datetime.timedelta(days=10), 17)
        page = self.consultation(index, spec, opens, closes)
        host = self.host[spec["unit"]]
        made = self.comments(page, spec["comments"], opens, host)
        self.decide(made, host, opens + datetime.timedelta(days=12))

    def decide(self, made, host, at):
        for comment, (decision, reason) in made:
            consultations.COMMENT.transition(
                comment, "decide", by=host, at=at, decision=decision, reason=reason
            )

    def closed_consultation(self, index):
        spec = data.CLOSED_CONSULTATION
        host = self.host[spec["unit"]]
        opens, closes = spec["opens_at"], spec["closes_at"]
        page = self.consultation(index, spec, opens, closes)
        made = self.comments(page, spec["comments"], opens, host)
        consultations.CONSULTATION.transition(
            page, "close", by=SYSTEM, at=closes, notify=False
        )
        decided = closes + datetime.timedelta(days=6)
        self.decide(made, host, decided)
        page.refresh_from_db()
        consultations.CONSULTATION.transition(
            page, "draft_feedback", by=host, at=decided + datetime.timedelta(days=1)
        )
        published = decided + datetime.timedelta(days=8)
        consultations.CONSULTATION.transition(page, "conclude", by=SYSTEM, at=published)
        feedback = ConsultationFeedbackPage.objects.child_of(page).get()
        feedback.get_latest_revision().publish(skip_permission_checks=True)


def load(home, log):
    """Create the demo interviews and consultations once."""
    interaction = InteractionIndexPage.objects.child_of(home).first()
    if interaction is None:
        return 0
    interviews_index, consultations_index, created = ensure_indexes(interaction)
    if created:
        # The county office publishes interviews and drafts for every unit.
        office = Unit.objects.get(slug="xzfb")
        staff.grant_page_rights(interviews_index, office)
        staff.grant_page_rights(consultations_index, office)
    builder = None
    if not InterviewPage.objects.exists():
        builder = Builder()
        builder.archived_interview(interviews_index)
        builder.upcoming_interview(interviews_index)
        created += 2
    if not ConsultationPage.objects.exists():
        builder = builder or Builder()
        builder.closed_consultation(consultations_index)
        builder.open_consultation(consultations_index)
        created += 2
    log("在线访谈与意见征集：已就绪")
    return created
