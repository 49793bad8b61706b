"""Art. 39: a complaint, petition or report sent as an application goes to
the mailbox as a letter. The application keeps the letter
(``Application.letter``) and the letter lists its application
(``letter.applications``), so each links to the other."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..mailbox import workflow as mailbox_workflow
from ..models import Category, MailboxPage


def mailbox_for(application, mailbox=None):
    """The chosen mailbox, else the unit's own, else the first one (县长信箱)."""
    if mailbox is not None and not isinstance(mailbox, MailboxPage):
        mailbox = MailboxPage.objects.live().filter(pk=mailbox).first()
    if mailbox is None:
        live = MailboxPage.objects.live().order_by("path")
        mailbox = live.filter(unit=application.unit_id).first() or live.first()
    if mailbox is None:
        raise ValidationError(_("网站尚未开设信箱，不能转为来信。"))
    return mailbox


def to_letter(application, mailbox, at):
    mailbox = mailbox_for(application, mailbox)
    categories = [code for code, _label in mailbox.category_choices()]
    if not categories:
        raise ValidationError(_("所选信箱没有可用的来信类别。"))
    category = Category.COMPLAIN if Category.COMPLAIN in categories else categories[0]
    subject = _("依申请公开转来：%(summary)s") % {"summary": application.summary}
    letter, _code = mailbox_workflow.submit(
        mailbox,
        name=application.contact_name or application.name[:30],
        phone=application.phone,
        email=application.email,
        category=category,
        subject=subject[:100],
        content=_("（由政府信息公开申请%(number)s按条例第三十九条转来）\n")
        % {"number": application.number}
        + application.description,
        at=at,
        notify_writer=False,
    )
    return letter
