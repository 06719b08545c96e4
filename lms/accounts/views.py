"""Thin views: translate requests into service calls and results into responses."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from . import services
from .forms import ProfileForm
from .lockout import UNLOCK_INVALID, UNLOCKED, set_device_cookie, unlock_account
from .models import User

REFRESH = "refresh"  # submit button that re-displays the form with the province's communes, without saving


@login_required
def profile(request):
    user = User.objects.get(pk=request.user.pk)  # a copy: a failed save must not touch request.user
    if request.method == "POST":
        if REFRESH in request.POST:
            form = ProfileForm(initial=_initial_from(request.POST), user=user)
            return render(request, "accounts/profile.html", _context(form, refreshed=True))
        form = ProfileForm(request.POST, user=user)
        if form.is_valid():
            try:
                form.save()
            except ValidationError:
                pass
            else:
                messages.success(request, services.PROFILE_SAVED)
                return redirect("profile")
    else:
        form = ProfileForm(user=user)
    return render(request, "accounts/profile.html", _context(form))


def _context(form, **extra) -> dict:
    return {"form": form, "phone_login": "phone" in settings.ACCOUNT_LOGIN_METHODS, **extra}


def _initial_from(data) -> dict:
    """The submitted values as ``initial``, so the refreshed form shows what was typed and no errors yet."""
    return {name: data.get(name, "") for name in ProfileForm.base_fields}


def unlock(request, token: str):
    """``/accounts/unlock/<token>/``: the signed link mailed to an account's owner when wrong passwords pile up.
    Clears the account-wide slow-down and marks this browser as the owner's device, then goes to the log-in."""
    user = unlock_account(request, token)
    if user is None:
        messages.error(request, UNLOCK_INVALID)
        return redirect("account_reset_password")
    messages.success(request, UNLOCKED)
    response = redirect("account_login")
    set_device_cookie(response, user)
    return response
