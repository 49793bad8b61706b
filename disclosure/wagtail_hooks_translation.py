"""wagtail-localize under the review workflow.

- A translation is saved as a draft and submitted to 政务公开审查; the
  translation editor's "publish" does exactly that (so does the 提交政务公开审查
  button the editor template adds for translators without publish rights).
- Translating and syncing is limited to pages the user may edit.

Both rely on wagtail-localize details listed in review/internals.py."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail_localize.models import Translation

from .views_translation import (
    SubmitOwnPageTranslationView,
    UpdateOwnTranslationsView,
    submit_translation_for_review,
)

SUBMIT_ACTIONS = ("publish", "submit-review")


@hooks.register("register_admin_urls")
def replace_localize_urls():
    # Registered before wagtail-localize's own (disclosure comes first in
    # INSTALLED_APPS), so these answer the same addresses.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            SubmitOwnPageTranslationView.as_view(),
            name="disclosure_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateOwnTranslationsView.as_view(),
            name="disclosure_update_translations",
        ),
    ]


@hooks.register("before_edit_page")
def translation_goes_to_review(request, page):
    """The translation editor's publish: save the translation as a draft and
    submit it to the review, which publishes it once both steps approve."""
    if request.method != "POST" or request.POST.get("action") not in SUBMIT_ACTIONS:
        return None
    translation = Translation.objects.filter(
        source__object_id=page.translation_key,
        target_locale_id=page.locale_id,
        enabled=True,
    ).first()
    if translation is None:
        return None
    if submit_translation_for_review(translation, request.user) is None:
        messages.error(request, _("译文有字段未通过校验，请补全后再提交审查。"))
        return redirect(request.path)
    messages.success(
        request,
        _("译文已保存并提交政务公开审查，规范性审查和保密审查通过后由系统发布。"),
    )
    return redirect(request.path)
