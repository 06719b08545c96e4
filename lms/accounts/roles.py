"""Roles are Django groups. This module names them and grants each its permissions, idempotently.

- Learners: everyone who signs up; no admin access.
- Editors (biên tập viên): Wagtail admin; add and edit pages and submit them to moderation, but never publish;
  images, documents and snippets.
- Moderators (kiểm duyệt viên, "reviewer"): everything Editors do, plus publish; they are the group of the
  "Kiểm duyệt nội dung" workflow, which applies to the whole page tree; they also approve imported questions
  (``quizzes.approve_question``) so that tests may draw them.
- Managers (quản lý): no admin; ``accounts.view_unit_reports`` for the dashboards of their unit's subtree (the
  subtree comes from their ``ManagerAssignment`` rows; a national manager's assignment is the whole country).
- Auditors (kiểm toán viên): Wagtail admin with nothing in it but the audit trails: the export log
  (``reporting.view_exportlog``: who exported whose personal data, when and from where) and ``lms.privacy``'s
  staff-read log, consents and erasure requests. No content, no results.

Editing or reviewing content grants no sight of learners' results (``lms.organisations.permissions``): editors and
reviewers are ``is_staff`` for the Wagtail admin only.

Wagtail's own migrations already create "Editors" and "Moderators" with page, image and document
permissions; ``ensure_roles`` reuses those groups and only fills what is missing.

``ensure_roles()`` works with the live models (demo loader, tests) and with a migration's historical
``apps``. With live models it also grants permissions on every registered snippet model.
"""

from __future__ import annotations

from django.apps import apps as live_apps
from wagtail.snippets.models import get_snippet_models

LEARNERS = "Learners"
EDITORS = "Editors"
MODERATORS = "Moderators"
MANAGERS = "Managers"
AUDITORS = "Auditors"
ALL_ROLES = (LEARNERS, EDITORS, MODERATORS, MANAGERS, AUDITORS)

VIEW_UNIT_REPORTS = "accounts.view_unit_reports"
ACCESS_ADMIN = "wagtailadmin.access_admin"

# Page permissions granted on the root page (so on the whole tree).
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")

# (app_label, model, codename) of model permissions per group, beyond page permissions.
_MEDIA = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
]
MODEL_PERMISSIONS = {
    LEARNERS: [],
    EDITORS: [("wagtailadmin", "admin", "access_admin"), *_MEDIA],
    MODERATORS: [
        ("wagtailadmin", "admin", "access_admin"),
        *_MEDIA,
        ("wagtailimages", "image", "delete_image"),
        ("wagtaildocs", "document", "delete_document"),
        ("quizzes", "question", "approve_question"),  # imported questions are drafts until a reviewer approves
    ],
    MANAGERS: [("accounts", "user", "view_unit_reports")],
    AUDITORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("reporting", "exportlog", "view_exportlog"),
        # lms/privacy: who read whose personal data, consents given, erasure requests
        ("privacy", "personaldataaccess", "view_personaldataaccess"),
        ("privacy", "consent", "view_consent"),
        ("privacy", "erasurerequest", "view_erasurerequest"),
    ],
}
COLLECTION_PERMISSIONS = {EDITORS: [m for m in _MEDIA], MODERATORS: [m for m in _MEDIA]}

# Shown in the admin ("Gửi duyệt: Kiểm duyệt nội dung", "Đang chờ: Ban kiểm duyệt") and in the moderation mails.
WORKFLOW_NAME = "Kiểm duyệt nội dung"
TASK_NAME = "Ban kiểm duyệt"
# Wagtail's own default workflow and task (wagtailcore migration 0048) carry this name; they are the ones renamed.
LEGACY_NAME = "Moderators approval"

# A snippet model that is a record, not content (a certificate, a target), says so itself with
# ``snippet_is_record = True``: no role edits it through snippet permissions. The flag is on the model, so this
# module (the ground floor) names no app above it.
RECORD_FLAG = "snippet_is_record"

_PERMISSION_NAMES = {
    "access_admin": "Can access Wagtail admin",
    "view_unit_reports": "Xem báo cáo của đơn vị mình quản lý",
    "view_exportlog": "Can view export log",
    "approve_question": "Duyệt câu hỏi (cho phép rút vào bài kiểm tra)",
}


def _models(apps):
    if apps is None:
        apps = live_apps
    return apps


def _permission(apps, app_label: str, model: str, codename: str):
    """Get or create a permission; inside migrations post_migrate has not created it yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    name = _PERMISSION_NAMES.get(codename) or f"Can {codename.replace('_', ' ', 1)}"
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name[:255]}
    )
    return permission


def _root_page(apps):
    Page = apps.get_model("wagtailcore", "Page")
    return Page.objects.filter(depth=1).order_by("path").first()


def _root_collection(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    return Collection.objects.filter(depth=1).order_by("path").first()


def _ensure_page_permissions(apps, group, codenames, root) -> None:
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for codename in codenames:
        permission = _permission(apps, "wagtailcore", "page", codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def _ensure_moderation_workflow(apps, moderators, root) -> None:
    """The moderation workflow (``WORKFLOW_NAME``), with the Moderators' approval task (``TASK_NAME``), on the root page."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Task = apps.get_model("wagtailcore", "Task")

    # Wagtail's default "Moderators approval" workflow and task (or a database from before issue 16) get the
    # Vietnamese names, rather than a second workflow being made next to them.
    if not Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        Workflow.objects.filter(name=LEGACY_NAME).update(name=WORKFLOW_NAME)
    if not Task.objects.filter(name=TASK_NAME).exists():
        Task.objects.filter(name=LEGACY_NAME).update(name=TASK_NAME)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.filter(name=TASK_NAME, active=True).first()
        if task is None:
            content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
            task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=content_type, active=True)
        task.groups.add(moderators)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if not WorkflowPage.objects.filter(page=root).exists():
        WorkflowPage.objects.create(page=root, workflow=workflow)


def _snippet_permissions():
    """(app_label, model, codename) for every registered snippet model: editors add/change, moderators also
    delete and publish where the model supports it."""
    editor, moderator = [], []
    for model in get_snippet_models():
        opts = model._meta
        if getattr(model, RECORD_FLAG, False):
            continue
        for action in ("add", "change"):
            editor.append((opts.app_label, opts.model_name, f"{action}_{opts.model_name}"))
        moderator.extend(editor[-2:])
        moderator.append((opts.app_label, opts.model_name, f"delete_{opts.model_name}"))
        if any(p[0] == f"publish_{opts.model_name}" for p in opts.permissions) or hasattr(model, "live"):
            moderator.append((opts.app_label, opts.model_name, f"publish_{opts.model_name}"))
    return editor, moderator


def ensure_roles(apps=None) -> dict[str, object]:
    """Create the role groups and grant their permissions; safe to run any number of times."""
    live = apps is None
    apps = _models(apps)
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ALL_ROLES}
    for name, triples in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*[_permission(apps, *t) for t in triples])

    root = _root_page(apps)
    if root is not None:
        _ensure_page_permissions(apps, groups[EDITORS], EDITOR_PAGE_PERMISSIONS, root)
        _ensure_page_permissions(apps, groups[MODERATORS], MODERATOR_PAGE_PERMISSIONS, root)
        # Editors must never publish, even if someone granted it by hand on the root.
        apps.get_model("wagtailcore", "GroupPagePermission").objects.filter(
            group=groups[EDITORS], permission__codename="publish_page"
        ).delete()
        _ensure_moderation_workflow(apps, groups[MODERATORS], root)

    collection = _root_collection(apps)
    if collection is not None:
        for name, triples in COLLECTION_PERMISSIONS.items():
            for triple in triples:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name], collection=collection, permission=_permission(apps, *triple)
                )

    if live:
        editor, moderator = _snippet_permissions()
        Permission = apps.get_model("auth", "Permission")
        for name, triples in ((EDITORS, editor), (MODERATORS, moderator)):
            perms = [
                p
                for app_label, _model, codename in triples
                for p in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            ]
            groups[name].permissions.add(*perms)
    return groups
