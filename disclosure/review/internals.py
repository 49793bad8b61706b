"""What the project relies on in Wagtail 8, treebeard and wagtail-localize
beyond their documented hooks, signals and settings: the one list of them.

Each entry names the behaviour and the code of ours that depends on it; the
test that fails when an upgrade changes it is in
tests/integration/test_wagtail_internals.py (the door tests in
test_publishing_doors.py and test_translations.py fail too).
"""

RELIED_ON = {
    "publish-saves-the-page-row": (
        "PublishRevisionAction._publish_revision publishes by setting "
        "live/live_revision on the page and saving the row "
        "(gate.check_page_save sees every publish there)."
    ),
    "scheduling-saves-approved-go-live-at": (
        "A future go-live date is recorded by saving the revision with "
        "update_fields=['approved_go_live_at'] (gate.check_revision_save)."
    ),
    "copy-and-alias-insert-live-rows": (
        "CopyPageAction(keep_live=True) and CreatePageAliasAction insert the "
        "new page with `live` copied from the original; update_aliases saves "
        "aliases live when the original is published (gate.check_page_save)."
    ),
    "drafts-do-not-touch-the-row": (
        "Page.save_revision saves the page with update_fields naming no content "
        "field, so a draft never changes what is live (gate._withhold_live_content "
        "only acts on other saves)."
    ),
    "move-sends-pre-page-move-first": (
        "MovePageAction sends pre_page_move before changing the tree; an "
        "exception there stops the move (gate.check_move)."
    ),
    "admin-hides-permission-denied": (
        "wagtail.admin.auth.require_admin_access turns any PermissionDenied "
        "into a generic message, so gate.PublishingRefused is not one and "
        "disclosure.middleware.RefusalMiddleware explains it."
    ),
    "finish-after-approval": (
        "WorkflowState.finish saves the approved status before calling "
        "WAGTAIL_FINISH_WORKFLOW_ACTION, and TaskState.approve records "
        "finished_by (gate.approvals, review.finish.publish_approved)."
    ),
    "localize-writes-translations-into-the-row": (
        "TranslationSource.create_or_update_translation saves the page row, "
        "then a revision, and publishes in transaction.on_commit "
        "(gate._withhold_live_content; WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_"
        "TRANSLATE=False; views_translation.UpdateOwnTranslationsView)."
    ),
    "localize-comes-after-disclosure": (
        "Hooks and admin URLs are registered in INSTALLED_APPS order, so "
        "disclosure's before_edit_page hooks run before wagtail-localize's "
        "editor takes over, and its URLs answer wagtail-localize's "
        "submit/update addresses (wagtail_hooks_translation)."
    ),
    "localize-editor-posts-action-publish": (
        "The translation editor publishes by POSTing action=publish to the "
        "page's edit URL (wagtail_hooks_translation.translation_goes_to_review); "
        "templates/wagtail_localize/admin/edit_translation.html extends its "
        "template's content block."
    ),
    "edit-view-workflow-post-fields": (
        "The page edit view reads a workflow action from the POST fields "
        "action-workflow-action, workflow-action-name and "
        "workflow-action-extra-data (disclosure.wagtail_hooks_review refuses review "
        "actions there before Wagtail's view runs)."
    ),
    "modelsearch-postgres-index": (
        "modelsearch's PostgreSQL index builds its indexers from the "
        "module-level name backends.database.postgres.postgres.ObjectIndexer "
        "(search.backends replaces it to segment Chinese) and the backend "
        "writes through index_class's add_items/delete_item/reset "
        "(search.backends.ChinesePostgresIndex keeps search_document beside "
        "the index entries); add_items ends with self._refresh_title_norms(), "
        "which ChinesePostgresIndex replaces by normalising the entries just "
        "written."
    ),
    "moderation-mail-dispatch-uids": (
        "wagtail.admin.signal_handlers connects Wagtail's moderation e-mails "
        "with the dispatch_uids group_approval_task_submitted_email_"
        "notification and workflow_state_{submitted,rejected,approved}_email_"
        "notification; govsite.apps disconnects them (review notices go "
        "through the outbox)."
    ),
    "treebeard-path-helpers": (
        "MP_Node's private Page._get_path(path, depth, step), Page._str2int, "
        "Page.steplen and Page.alphabet: the importer computes the paths of "
        "new children itself (disclosure.importer.writer) and unit_of reads "
        "ancestors from the path (review.page_checks)."
    ),
}
