"""The Wagtail and wagtail-localize behaviour listed in
disclosure/review/internals.py, checked directly: when an upgrade changes one
of them, a test here says which."""

import datetime
from pathlib import Path

from django.db.models.signals import pre_save
from django.urls import resolve
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page, Revision, WorkflowState

from disclosure.review import finish, gate, internals
from disclosure.views_translation import (
    SubmitOwnPageTranslationView,
    UpdateOwnTranslationsView,
)
from tests.factories import column_of, draft_item, pass_review, publish_unreviewed

ROOT = Path(__file__).resolve().parents[2]


class SavesOf:
    """Records the saves of one model instance while in effect."""

    def __init__(self, model, pk):
        self.model, self.pk, self.saves = model, str(pk), []

    def __enter__(self):
        pre_save.connect(self.record, weak=False, dispatch_uid="internals-saves")
        return self.saves

    def __exit__(self, *exc):
        pre_save.disconnect(dispatch_uid="internals-saves")

    def record(self, sender, instance, update_fields=None, **kwargs):
        if isinstance(instance, self.model) and str(instance.pk) == self.pk:
            self.saves.append((instance, update_fields and set(update_fields)))


def test_every_internal_is_listed_with_the_code_that_relies_on_it():
    assert len(internals.RELIED_ON) >= 10
    assert all(text.strip() for text in internals.RELIED_ON.values())


def test_publishing_and_scheduling_write_where_the_gate_looks(demo_db):
    item = draft_item("lishan")
    revision = item.save_revision()
    with SavesOf(Page, item.pk) as saves, gate.publishing_as_system("tests"):
        revision.publish()
    assert any(
        saved.live and saved.live_revision_id == revision.pk for saved, _f in saves
    )
    with SavesOf(Revision, revision.pk) as saves:
        item.title = "改过的标题"
        item.save_revision()
    assert not saves
    draft = draft_item("lishan")
    draft.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled = draft.save_revision()
    with SavesOf(Revision, scheduled.pk) as saves, gate.publishing_as_system("tests"):
        scheduled.publish()
    assert any(fields == {"approved_go_live_at"} for _saved, fields in saves)


def test_drafts_never_write_content_to_the_live_row(demo_db):
    item = publish_unreviewed(draft_item("lishan", title="已发布的标题"))
    item.title = "草稿中的标题"
    with SavesOf(Page, item.pk) as saves:
        item.save_revision()
    content = set(gate.content_attnames(type(item)))
    assert saves and all(fields and not fields & content for _s, fields in saves)
    item.refresh_from_db()
    assert item.title == "已发布的标题"


def test_the_finish_action_runs_after_both_approvals_are_recorded(demo_db, monkeypatch):
    seen = []

    def spy(workflow_state, user=None):
        seen.append(
            (
                workflow_state.status,
                gate.approvals(workflow_state.current_task_state.revision),
            )
        )
        return publish_approved(workflow_state, user)

    # Wagtail binds the setting's function as WorkflowState.on_finish.
    publish_approved = finish.publish_approved
    assert WorkflowState.on_finish is publish_approved
    monkeypatch.setattr(WorkflowState, "on_finish", spy)
    item = pass_review(draft_item("lishan"))
    assert item.live
    [(status, approvals)] = seen
    assert status == WorkflowState.STATUS_APPROVED and approvals


def test_localize_comes_after_disclosure(demo_db):
    edit_hooks = [
        f"{hook.__module__}.{hook.__name__}"
        for hook in hooks.get_hooks("before_edit_page")
    ]
    ours = edit_hooks.index(
        "disclosure.wagtail_hooks_translation.translation_goes_to_review"
    )
    localize = next(
        i for i, name in enumerate(edit_hooks) if name.startswith("wagtail_localize")
    )
    assert ours < localize
    assert (
        resolve("/admin/localize/submit/page/1/").func.view_class
        is SubmitOwnPageTranslationView
    )
    assert (
        resolve("/admin/localize/update/1/").func.view_class
        is UpdateOwnTranslationsView
    )


def test_only_the_demo_loader_publishes_without_review():
    """The system context is not reachable from any request: only the demo
    loader and the search relevance command (management commands building
    test data) use it, and tests."""
    users = {
        str(path.relative_to(ROOT))
        for folder in ("disclosure", "home", "interaction", "search", "demo", "govsite")
        for path in (ROOT / folder).rglob("*.py")
        if "publishing_as_system" in path.read_text(encoding="utf-8")
    }
    assert users == {
        "disclosure/review/gate.py",
        "demo/loader.py",
        "search/relevance.py",
    }


def test_the_edit_view_reads_workflow_actions_from_these_post_fields():
    import inspect

    from wagtail.admin.views.pages import edit

    source = inspect.getsource(edit)
    for name in (
        "action-workflow-action",
        "workflow-action-name",
        "workflow-action-extra-data",
    ):
        assert name in source, name


def test_treebeard_paths_are_built_the_way_the_importer_builds_them(demo_db):
    column = column_of("lishan")
    child = column.add_child(
        instance=Page(title="路径", slug="tree-path-check", live=False)
    )
    assert Page.steplen == 4 and len(Page.alphabet) == 36
    step = Page._str2int(child.path[-Page.steplen :])
    assert Page._get_path(column.path, column.depth + 1, step) == child.path


def test_the_search_index_is_built_by_our_indexer_and_index(demo_db):
    import inspect

    from modelsearch.backends.database.postgres import postgres as pg
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from search.backends import ChinesePostgresIndex, SegmentingPostgresIndexer

    assert pg.ObjectIndexer is SegmentingPostgresIndexer
    # add_items looks the name up in its module when it runs.
    assert "ObjectIndexer(obj" in inspect.getsource(pg.PostgresIndex.add_items)
    backend = get_search_backend()
    assert isinstance(backend.get_index_for_model(Page), ChinesePostgresIndex)
    for name in ("add_items", "delete_item", "reset", "_refresh_title_norms"):
        assert name in vars(pg.PostgresIndex), name
    assert "self._refresh_title_norms()" in inspect.getsource(
        pg.PostgresIndex.add_items
    )


def test_a_saved_page_gets_its_title_weight_without_a_full_rewrite(demo_db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.search.models import IndexEntry

    item = draft_item(title="关于核桃收购价格的通知")
    with CaptureQueriesContext(connection) as captured:
        publish_unreviewed(item)
    entry = IndexEntry.objects.get(
        content_type__model="disclosureitempage", object_id=str(item.pk)
    )
    assert entry.title_norm != 1.0
    # No statement rewrites every entry still at 1.0, and none averages the
    # whole index again (the average is cached).
    updates = [
        q["sql"]
        for q in captured
        if q["sql"].startswith('UPDATE "wagtailsearch_indexentry"')
    ]
    assert updates and all('"object_id" IN' in sql for sql in updates), updates
    assert not any(
        'AVG(LENGTH("wagtailsearch_indexentry"' in q["sql"] for q in captured
    )


def test_wagtail_moderation_mails_are_disconnected():
    import inspect

    from django.dispatch.dispatcher import _make_id
    from wagtail.admin import signal_handlers
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import (
        task_submitted,
        workflow_approved,
        workflow_rejected,
        workflow_submitted,
    )

    source = inspect.getsource(signal_handlers)
    for signal, sender, uid in (
        (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
        (
            workflow_submitted,
            WorkflowState,
            "workflow_state_submitted_email_notification",
        ),
        (
            workflow_rejected,
            WorkflowState,
            "workflow_state_rejected_email_notification",
        ),
        (
            workflow_approved,
            WorkflowState,
            "workflow_state_approved_email_notification",
        ),
    ):
        # Wagtail still connects them under these names ...
        assert f'"{uid}"' in source or uid.split("_email")[0] in source, uid
        # ... and none of them is connected any more.
        keys = {receiver[0] for receiver in signal.receivers}
        assert (uid, _make_id(sender)) not in keys, uid
