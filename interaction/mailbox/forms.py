import warnings
from pathlib import Path

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .. import conf
from ..citizen_forms import (  # noqa: F401 (MOBILE_RE re-exported)
    MOBILE_RE,
    clean_captcha,
    clean_mobile,
    set_chinese_messages,
)
from ..models import DeclineReason, Rating
from .submission import Upload

ALLOWED_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/pdf": ".pdf",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


def check_upload(upload):
    """An :class:`Upload` when the file is a JPEG, PNG or PDF by its content
    and within the size limit, else ValidationError."""
    limit = conf.get("MAILBOX_MAX_ATTACHMENT_BYTES")
    name = Path(upload.name or "").name
    if upload.size > limit:
        raise ValidationError(
            _("附件“%(name)s”超过%(limit)s，请压缩后再上传。"),
            params={"name": name, "limit": filesizeformat(limit)},
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("附件“%(name)s”不是JPG、PNG图片或PDF文件。"), params={"name": name}
        )
    if mime.startswith("image/"):
        check_image(upload, name)
    stem = Path(name).stem[:80] or "attachment"
    upload.name = stem + ALLOWED_TYPES[mime]
    return Upload(file=upload, name=upload.name, content_type=mime, size=upload.size)


def check_uploads(files):
    """:func:`check_upload` of each of ``files``; one error lists every
    file's problems."""
    uploads, errors = [], []
    for upload in files:
        try:
            uploads.append(check_upload(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return uploads


def check_image(upload, name):
    """ValidationError unless ``upload`` is an intact image of at most
    ``MAILBOX_MAX_IMAGE_PIXELS`` pixels. Only the header is read before the
    size is known, so a decompression bomb (a few bytes declaring 30000 ×
    30000 pixels) is refused without being decoded."""
    limit = conf.get("MAILBOX_MAX_IMAGE_PIXELS")
    too_large = ValidationError(
        _("附件“%(name)s”的图片尺寸过大（超过%(limit)s万像素），请缩小后再上传。"),
        params={"name": name, "limit": limit // 10_000},
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.width * image.height > limit:
                    raise too_large
                image.verify()
    except Image.DecompressionBombError:
        raise too_large from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("附件“%(name)s”已损坏，无法打开。"), params={"name": name}
        ) from None
    finally:
        upload.seek(0)


class LetterForm(forms.Form):
    name = forms.CharField(label=_("姓名"), min_length=2, max_length=20)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("用于接收受理和答复短信，不会公开。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("电子邮箱（选填）"), required=False)
    category = forms.ChoiceField(label=_("来信类别"))
    subject = forms.CharField(label=_("标题"), min_length=4, max_length=60)
    content = forms.CharField(
        label=_("内容"),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    attachments = MultipleFileField(
        label=_("附件（选填）"),
        required=False,
        help_text=_("最多3个，JPG、PNG图片或PDF文件，每个不超过5MB。"),
    )
    consent_publish = forms.BooleanField(
        label=_("同意公开此信及答复（公开时隐去姓名、电话等个人信息）"), required=False
    )
    captcha = forms.CharField(
        label=_("验证码"),
        max_length=6,
        help_text=_("请填写图片中算式的结果。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, mailbox, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["category"].choices = [
            ("", _("请选择"))
        ] + mailbox.category_choices()
        self.fields["attachments"].help_text = _(
            "最多%(count)s个，JPG、PNG图片或PDF文件，每个不超过%(size)s。"
        ) % {
            "count": conf.get("MAILBOX_MAX_ATTACHMENTS"),
            "size": filesizeformat(conf.get("MAILBOX_MAX_ATTACHMENT_BYTES")),
        }
        for name, field in self.fields.items():
            set_chinese_messages(field, choice=name == "category")
        self.fields["category"].error_messages["invalid_choice"] = _(
            "请选择有效的来信类别。"
        )
        self.fields["email"].error_messages["invalid"] = _("请填写正确的电子邮箱地址。")

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        return clean_mobile(self.cleaned_data["phone"])

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        limit = conf.get("MAILBOX_MAX_ATTACHMENTS")
        if len(files) > limit:
            raise ValidationError(
                _("最多上传%(count)s个附件。"), params={"count": limit}
            )
        return check_uploads(files)

    def clean_captcha(self):
        return clean_captcha(self.request, self.cleaned_data["captcha"])


class LookupForm(forms.Form):
    number = forms.CharField(label=_("信件编号"), max_length=20)
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("您对答复的评价"), choices=Rating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("意见（选填）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublicLetterFilter(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=50)
    mailbox = forms.TypedChoiceField(label=_("信箱"), required=False, coerce=int)
    category = forms.ChoiceField(label=_("类别"), required=False)

    def __init__(self, *args, mailboxes, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailbox"].choices = [("", _("全部"))] + [
            (m.pk, m.title) for m in mailboxes
        ]
        self.fields["category"].choices = [("", _("全部"))] + list(categories)


# --------------------------------------------------------------------------
# Admin action forms


NOTE_LABEL = _("说明")


class NoteField(forms.CharField):
    def __init__(self, label=NOTE_LABEL, required=False, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(label=label, required=required, max_length=2000, **kwargs)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("不予受理原因"), choices=DeclineReason.choices)
    note = NoteField()


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("承办单位"), queryset=None)
    note = NoteField(label=_("转办意见"))

    def __init__(self, *args, **kwargs):
        from disclosure.models import Unit

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            handlers_group__isnull=False
        ).ordered()


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 10}), max_length=5000
    )
    note = NoteField()


class ApproveForm(forms.Form):
    override_reason = forms.CharField(
        label=_("放行理由（自动检查有阻断性问题时必填）"),
        required=False,
        max_length=500,
    )
    note = NoteField(label=_("审核意见"))


class AnswerForm(forms.Form):
    publish = forms.BooleanField(
        label=_("在网站公开（已脱敏）"), required=False, initial=True
    )
    note = NoteField()


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延期工作日"), min_value=1, max_value=60)
    note = NoteField(label=_("延期理由"), required=True)


class NoteForm(forms.Form):
    note = NoteField()


class RequiredNoteForm(forms.Form):
    note = NoteField(required=True)
