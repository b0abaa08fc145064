"""A person's own account: password, API tokens, invitations, and the login lockout."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_attempt_expiration
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.accounts import services
from moralprovince.accounts.access import NotAllowed
from moralprovince.accounts.forms import TokenForm
from moralprovince.accounts.models import ApiToken, Invitation, InvitationStatus, User
from moralprovince.core.forms import add_service_error


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The login page again, saying until when this username is locked out from here."""
    until = timezone.localtime(get_attempt_expiration(request))
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    form = AuthenticationForm(request, data=request.POST or None)
    form.errors.clear()
    context = {"form": form, "locked_until": until, "locked_minutes": minutes}
    return render(request, "accounts/login.html", context, status=429)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context = {
        "roles": user.roles.select_related("province", "network", "organisation"),
        "invitations": [i for i in _pending(user) if i.is_open],
        "tokens": user.api_tokens.count(),
    }
    return render(request, "accounts/account.html", context)


def _pending(user: User) -> Any:
    return Invitation.objects.filter(user=user, status=InvitationStatus.PENDING).select_related(
        "province", "network", "organisation", "invited_by"
    )


# --- password --------------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.log_password_change(actor=self.request.user, user=form.user, how="changed")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.log_password_change(actor=form.user, user=form.user, how="reset")
        return response


password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# --- API tokens ------------------------------------------------------------------------------


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The person's API tokens; a new one is shown on this answer only, never again."""
    user = request.user
    assert isinstance(user, User)
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.create_api_token(
                actor=user,
                user=user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            created = {"token": token, "raw": raw}
            form = TokenForm()
    context = {"form": form, "tokens": user.api_tokens.select_related("user"), "created": created}
    response = render(request, "accounts/tokens.html", context)
    # The new token is in this page: no cache, no proxy, no back button may keep it.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user_id=request.user.pk)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token was revoked: requests that carry it are refused."))
    return redirect("accounts:tokens")


# --- invitations -----------------------------------------------------------------------------


@login_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation addressed to the person; anyone else gets a 404."""
    found = get_object_or_404(
        Invitation.objects.select_related("province", "network", "organisation", "invited_by"),
        token=token,
        user_id=request.user.pk,
    )
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            services.answer_invitation(actor=request.user, invitation=found, accept=accept)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done = _("You accepted the role.") if accept else _("You declined the invitation.")
            messages.success(request, done)
            return redirect("accounts:account")
    return render(request, "accounts/invitation.html", {"invitation": found})


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, invitation_id: int) -> HttpResponse:
    found = get_object_or_404(Invitation, pk=invitation_id)
    try:
        services.cancel_invitation(actor=request.user, invitation=found)
    except NotAllowed:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation was cancelled."))
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("accounts:account")
    return HttpResponseRedirect(target)
