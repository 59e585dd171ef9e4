import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import resolve_url
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, UpdateView

from . import tasks
from .forms import (
    DisplayNameForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    SetNewPasswordForm,
)
from .lockout import reset_lockouts
from .models import PendingPasswordReset
from .redirects import is_admin_url, safe_next
from .throttling import reset_request_allowed

logger = logging.getLogger(__name__)

REMEMBER_ME_SECONDS = int(timedelta(days=14).total_seconds())
RESET_NEXT_SESSION_KEY = "password_reset_next"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        # 0: the cookie ends with the browser; otherwise it outlives it for two weeks.
        remember = form.cleaned_data["remember_me"]
        self.request.session.set_expiry(REMEMBER_ME_SECONDS if remember else 0)
        reset_lockouts(form.get_user())
        return response

    def get_success_url(self):
        url = safe_next(self.request, self.get_redirect_url())  # not back to this page's form
        if is_admin_url(url) and not self.request.user.is_staff:
            url = ""  # a reader sent from the admin would only be turned away again
        return url or self.get_default_redirect_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["site_name"] = settings.NEWSROOM_SITE_NAME  # not the request's host name
        return context


class PasswordResetView(FormView):
    """The same confirmation whether or not an account has this address."""

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_context_data(self, **kwargs):
        next_url = self.request.POST.get("next", self.request.GET.get("next"))
        return super().get_context_data(next=safe_next(self.request, next_url), **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not reset_request_allowed(self.request, email):
            return HttpResponseRedirect(self.get_success_url())
        base_url = f"{self.request.scheme}://{self.request.get_host()}"
        language = get_language()
        next_url = safe_next(self.request, self.request.POST.get("next"))

        job = (email, base_url, language, next_url, uuid.uuid4().hex)
        try:
            tasks.send_password_reset.delay(*job)
        except Exception:  # the broker is down: keep the request as asked, never look it up here
            logger.warning("Task queue unavailable; password reset kept for send_pending_resets")
            PendingPasswordReset.objects.create(
                email=email,
                base_url=base_url,
                language=language,
                next_url=next_url or "",
                request_id=job[-1],
            )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from the emailed link, log in, and go back where the reader was."""

    form_class = SetNewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    post_reset_login = True
    post_reset_login_backend = "accounts.backends.UsernameOrEmailBackend"

    def dispatch(self, request, *args, **kwargs):
        # The link's ?next= does not survive Django's redirect that hides the token.
        next_url = safe_next(request, request.GET.get("next"))
        if next_url:
            request.session[RESET_NEXT_SESSION_KEY] = next_url
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        # Saving the new password changes the hash every other session is checked
        # against, so they all end; this one is logged in afresh.
        response = super().form_valid(form)
        reset_lockouts(form.user)
        messages.success(self.request, _("Your new password is set and you are logged in."))
        return response

    def get_success_url(self):
        return self.request.session.pop(RESET_NEXT_SESSION_KEY, None) or resolve_url(
            settings.LOGIN_REDIRECT_URL
        )


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = _("Your password has been changed. Your other sessions have ended.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


@method_decorator(never_cache, name="dispatch")
class ProfileView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    """Who am I here: name, email, unit and role; staff may change their display name."""

    form_class = DisplayNameForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = _("Your display name has been saved.")

    def get_object(self, queryset=None):
        return self.request.user

    def post(self, request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = list(user.groups.order_by("name").values_list("name", flat=True))
        if user.is_superuser:
            roles.insert(0, _("Administrator"))
        return super().get_context_data(roles=roles, **kwargs)


@never_cache
def form_token(request):
    """A CSRF token for the forms of cached public pages, which are shared and so carry none."""
    return JsonResponse({"token": get_token(request)})
