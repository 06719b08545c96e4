"""Thin views: translate requests into service calls and results into responses."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import identity, phone_reset, selectors, services
from .forms import PhoneResetCodeForm, PhoneResetRequestForm, ProfileForm
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
    # ?next=: where linking the national identity returns to (a test that requires it); allauth checks the URL.
    return render(request, "accounts/profile.html", _context(form, identity_next=request.GET.get("next", "")))


def _context(form, **extra) -> dict:
    user = form.user
    account = selectors.national_identity_of(user)
    return {"form": form, "phone_login": "phone" in settings.ACCOUNT_LOGIN_METHODS,
            "identity_configured": identity.is_configured(), "identity_provider_id": identity.config()["PROVIDER_ID"],
            "national_identity": account, "identity_verified_at": selectors.identity_verified_at(account), **extra}


@login_required
@require_POST
def identity_unlink(request):
    """``POST /accounts/identity/unlink/``: undo the link with the national identity."""
    try:
        services.identity_unlink(user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, identity.UNLINKED)
    return redirect("profile")


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


def _phone_reset_on():
    if "phone" not in settings.ACCOUNT_LOGIN_METHODS:
        raise Http404


@never_cache
def password_reset_phone(request):
    """``/accounts/password/reset/phone/``: the number of the account; a code goes to it by SMS (phone_reset)."""
    _phone_reset_on()
    form = PhoneResetRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        refused = phone_reset.reset_request(request, phone=form.cleaned_data["phone"])
        if refused is None:
            return redirect("account_reset_password_phone_code")
        form.add_error(None, refused.message)
        status = 429
    response = render(request, "account/password_reset_phone.html", {"form": form}, status=status)
    if status == 429:
        response["Retry-After"] = str(refused.retry_after)
    return response


@never_cache
def password_reset_phone_code(request):
    """``/accounts/password/reset/phone/code/``: the code from the SMS and the new password."""
    _phone_reset_on()
    phone = phone_reset.pending_phone(request)
    if phone is None:
        messages.info(request, phone_reset.NO_PENDING)
        return redirect("account_reset_password_phone")
    form = PhoneResetCodeForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        phone_reset.reset_confirm(request, user=form.user, password=form.cleaned_data["password1"])
        messages.success(request, phone_reset.PASSWORD_RESET_DONE)
        return redirect("account_login")
    context = {"form": form, "phone": services.phone_display(phone), "code_minutes": phone_reset.CODE_MINUTES,
               "pending": phone_reset.pending_phone(request) is not None}
    return render(request, "account/password_reset_phone_code.html", context)
