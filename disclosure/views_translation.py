"""wagtail-localize's translate and sync views under the review workflow
(their URLs take the place of wagtail-localize's, see
wagtail_hooks_translation.py):

- a unit's editors translate and sync their own unit's pages, not others'
  (another unit's page answers 404);
- "sync and publish" saves the updated translations as drafts and submits
  them to 政务公开审查 instead of publishing them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from .review.workflow import submit_for_review


def check_can_edit(user, instance):
    if (
        isinstance(instance, Page)
        and not instance.permissions_for_user(user).can_edit()
    ):
        raise Http404


def submit_translation_for_review(translation, user):
    """Write the translation into its page as a draft and put it into the
    review. Returns the page, or None when the translation does not validate."""
    try:
        translation.save_target(user=user, publish=False)
    except ValidationError:
        return None
    page = translation.get_target_instance()
    if isinstance(page, Page):
        submit_for_review(page.specific, user)
    return page


class SubmitOwnPageTranslationView(SubmitPageTranslationView):
    def get_object(self):
        page = super().get_object()
        check_can_edit(self.request.user, page)
        return page

    def form_valid(self, form):
        response = super().form_valid(form)
        # 繁體中文 is made by OpenCC at once and put into the review.
        if any(
            locale.language_code == "zh-hant" for locale in form.cleaned_data["locales"]
        ):
            from .tasks import update_traditional

            page_id = self.object.pk
            transaction.on_commit(lambda: update_traditional.delay(page_id))
        return response


class UpdateOwnTranslationsView(UpdateTranslationsView):
    def get_object(self):
        source = super().get_object()
        check_can_edit(self.request.user, source.get_source_instance())
        return source

    def form_valid(self, form):
        submit = form.cleaned_data.get("publish_translations")
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)
        if submit and isinstance(self.object.get_source_instance(), Page):
            submitted = [
                submit_translation_for_review(translation, self.request.user)
                for translation in self.object.translations.filter(enabled=True)
            ]
            messages.success(
                self.request,
                _("已更新 %(count)d 个译文并提交政务公开审查，审查通过后由系统发布。")
                % {"count": sum(1 for page in submitted if page is not None)},
            )
        return response
