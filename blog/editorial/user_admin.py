"""The clinic's users admin: a site manager looks after accounts below their own role, never above it.

Administrators (superusers) manage every account. Anyone else with the users permissions (the Site managers)
manages only accounts that are neither administrators nor staff and whose every group is one they may grant
(roles.GRANTABLE_BY_SITE_MANAGERS): so not administrators, not other site managers, not clinical
reviewers, and not themselves (their own password is changed in their account settings). They grant only
those groups, and never administrator or staff status.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.forms import ValidationError

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from blog.editorial.roles import GRANTABLE_BY_SITE_MANAGERS

# Flags only an administrator sets; the form shows them to nobody else and refuses them if posted anyway.
ADMINISTRATOR_ONLY_FIELDS = ("is_superuser", "is_staff", "user_permissions")


def groups_grantable_by(user):
    if user.is_superuser:
        return Group.objects.all()
    return Group.objects.filter(name__in=GRANTABLE_BY_SITE_MANAGERS)


def can_manage_user(manager, user):
    """Whether ``manager`` may edit, deactivate or delete ``user``'s account in the users admin."""
    if manager.is_superuser:
        return True
    if user.is_superuser or user.is_staff or user.pk == manager.pk:
        return False
    return not user.groups.exclude(pk__in=groups_grantable_by(manager)).exists()


class GrantLimitsMixin:
    """Offer only the groups the signed-in user may grant, and administrator status only to administrators."""

    def __init__(self, *args, granted_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.granted_by = granted_by
        if "groups" in self.fields:
            self.fields["groups"].queryset = groups_grantable_by(granted_by)
        if not granted_by.is_superuser:
            self.fields.pop("is_superuser", None)

    def clean(self):
        cleaned_data = super().clean()
        if not self.granted_by.is_superuser and any(
            self.data.get(name) for name in ADMINISTRATOR_ONLY_FIELDS
        ):
            raise ValidationError("Only an administrator can give administrator or staff access.")
        return cleaned_data


class ClinicUserCreationForm(GrantLimitsMixin, UserCreationForm):
    pass


class ClinicUserEditForm(GrantLimitsMixin, UserEditForm):
    pass


class GrantingViewMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "granted_by": self.request.user}


class IndexView(users.IndexView):
    def get_edit_url(self, instance):
        if can_manage_user(self.request.user, instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if can_manage_user(self.request.user, instance):
            return super().get_delete_url(instance)
        return None


class CreateView(GrantingViewMixin, users.CreateView):
    pass


class EditView(GrantingViewMixin, users.EditView):
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_user(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DeleteView(users.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_user(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ClinicUserViewSet(users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return ClinicUserEditForm if for_update else ClinicUserCreationForm


def user_bulk_action_refusal(manager, users, role=None):
    """Why ``manager`` may not run this bulk action of the users listing (assign role, activity, delete)."""
    out_of_reach = [user for user in users if not can_manage_user(manager, user)]
    if out_of_reach:
        names = ", ".join(sorted(user.get_username() for user in out_of_reach))
        return f"Nothing was changed: you cannot manage the accounts of {names}."
    if role is not None and not groups_grantable_by(manager).filter(pk=role.pk).exists():
        return f"Nothing was changed: only an administrator can give the “{role.name}” role."
    return None
