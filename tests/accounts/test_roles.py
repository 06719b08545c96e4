import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, WorkflowPage

from lms.accounts import roles

pytestmark = pytest.mark.django_db


def test_migration_created_role_groups_and_permissions():
    assert set(Group.objects.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True)) == set(roles.ALL_ROLES)
    editors = Group.objects.get(name=roles.EDITORS)
    moderators = Group.objects.get(name=roles.MODERATORS)
    managers = Group.objects.get(name=roles.MANAGERS)
    assert editors.permissions.filter(codename="access_admin").exists()
    assert moderators.permissions.filter(codename="access_admin").exists()
    assert managers.permissions.filter(codename="view_unit_reports").exists()
    assert not managers.permissions.filter(codename="access_admin").exists()
    assert not editors.page_permissions.filter(permission__codename="publish_page").exists()
    assert moderators.page_permissions.filter(permission__codename="publish_page", page__depth=1).exists()


def test_ensure_roles_is_idempotent():
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    before = (Group.objects.count(), GroupPagePermission.objects.count(), Permission.objects.count())
    roles.ensure_roles()
    roles.ensure_roles()
    assert (Group.objects.count(), GroupPagePermission.objects.count(), Permission.objects.count())[:2] == before[:2]


def test_moderation_workflow_covers_the_whole_tree():
    root = Page.objects.get(depth=1)
    workflow_page = WorkflowPage.objects.get(page=root)
    assert workflow_page.workflow.name == roles.WORKFLOW_NAME and workflow_page.workflow.active
    task = workflow_page.workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [roles.MODERATORS]
    page = Page.objects.filter(depth=2).first()
    assert page.get_workflow() == workflow_page.workflow


def test_the_moderation_workflow_has_vietnamese_names_and_no_twin():
    """Issue 16: the admin showed "Gửi duyệt: Moderators approval"; Wagtail's default workflow is renamed, not
    doubled by a second one of the same name."""
    from wagtail.models import Task, Workflow

    assert (roles.WORKFLOW_NAME, roles.TASK_NAME) == ("Kiểm duyệt nội dung", "Ban kiểm duyệt")
    roles.ensure_roles()
    assert Workflow.objects.filter(name=roles.WORKFLOW_NAME).count() == 1
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.get(name=roles.WORKFLOW_NAME).tasks.get().name == roles.TASK_NAME


def test_editor_cannot_publish_but_moderator_can(make_user):
    editor = make_user(groups=[roles.EDITORS], is_staff=True)
    moderator = make_user(groups=[roles.MODERATORS], is_staff=True)
    manager = make_user(groups=[roles.MANAGERS])
    page = Page.objects.filter(depth=2).first()
    editor_perms = page.permissions_for_user(editor)
    assert editor_perms.can_edit() and editor_perms.can_add_subpage()
    assert not editor_perms.can_publish()
    assert page.permissions_for_user(moderator).can_publish()
    assert editor.has_perm(roles.ACCESS_ADMIN) and moderator.has_perm(roles.ACCESS_ADMIN)
    assert manager.has_perm(roles.VIEW_UNIT_REPORTS) and not manager.has_perm(roles.ACCESS_ADMIN)
    assert editor.has_perm("wagtailimages.add_image") and editor.has_perm("wagtaildocs.add_document")


def test_editor_submits_to_moderation_in_admin(client, make_user):
    from django.urls import reverse

    editor = make_user(groups=[roles.EDITORS], is_staff=True)
    page = Page.objects.filter(depth=2).first().specific
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action-submit"' in html or "action-submit" in html
    assert 'name="action-publish"' not in html


def test_editors_and_moderators_may_use_snippets(make_user):
    from wagtail.snippets.models import get_snippet_models

    roles.ensure_roles()
    editor = make_user(groups=[roles.EDITORS], is_staff=True)
    moderator = make_user(groups=[roles.MODERATORS], is_staff=True)
    records = {m._meta.label_lower for m in get_snippet_models() if getattr(m, roles.RECORD_FLAG, False)}
    assert records == {"certificates.certificate", "organisations.target"}  # records, not content
    for model in get_snippet_models():
        opts = model._meta
        allowed = opts.label_lower not in records
        assert editor.has_perm(f"{opts.app_label}.change_{opts.model_name}") is allowed
        assert moderator.has_perm(f"{opts.app_label}.add_{opts.model_name}") is allowed
        if allowed and hasattr(model, "live"):
            assert moderator.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
            assert not editor.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
