"""The two steps after Wagtail's password sign-in: verify a code, or enrol an authenticator first."""

import django_otp

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from .enrolment import confirm_authenticator, pending_authenticator, qr_code_svg, secret_text
from .forms import CodeForm
from .policy import has_second_factor, two_factor_required
from .verification import recovery_codes_left, throttle_wait_seconds, verify_code


class TwoFactorStepView(View):
    """For a signed-in user with admin access. A refused code is an error of the whole form (None),
    not of its field: Wagtail's sign-in layout shows those in its message area and hides field errors."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def next_url(self):
        candidate = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return candidate
        return reverse("wagtailadmin_home")

    def mark_verified(self, device):
        django_otp.login(self.request, device)
        # A session that just gained a privilege gets a new key, as Django does at password sign-in.
        self.request.session.cycle_key()


def wait_message(seconds):
    return f"Too many wrong codes. Wait {seconds} second{'s' if seconds != 1 else ''}, then try again."


class VerifyView(TwoFactorStepView):
    template_name = "staff_2fa/verify.html"

    def get(self, request):
        if request.user.is_verified():
            return redirect(self.next_url())
        if not has_second_factor(request.user):
            return redirect(f"{reverse('staff_2fa_enrol')}?{request.GET.urlencode()}")
        return self.show(CodeForm(initial={"next": self.next_url()}))

    def post(self, request):
        if not has_second_factor(request.user):
            return redirect("staff_2fa_enrol")
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.show(form)
        result = verify_code(request.user, form.cleaned_data["code"])
        if result.device is None:
            form.add_error(
                None,
                wait_message(result.wait_seconds)
                if result.wait_seconds
                else "That code is not right. Enter the current code from your authenticator app, "
                "or one of your recovery codes.",
            )
            return self.show(form)
        self.mark_verified(result.device)
        if result.used_recovery_code:
            left = recovery_codes_left(request.user)
            messages.warning(
                request,
                f"You signed in with a recovery code, which no longer works. {left} left: "
                "set up your authenticator again from your account page for a fresh set.",
            )
        return redirect(self.next_url())

    def show(self, form):
        return render(self.request, self.template_name, {"form": form})


class EnrolView(TwoFactorStepView):
    """Set up an authenticator. Someone who already has one must pass it first: an unverified session
    could otherwise replace the second factor of the account whose password it guessed."""

    template_name = "staff_2fa/enrol.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and has_second_factor(user) and not user.is_verified():
            return redirect(f"{reverse('staff_2fa_verify')}?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.show(pending_authenticator(request.user), CodeForm(initial={"next": self.next_url()}))

    def post(self, request):
        device = pending_authenticator(request.user)
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self.show(device, form)
        if wait_seconds := throttle_wait_seconds(device):
            form.add_error(None, wait_message(wait_seconds))
            return self.show(device, form)
        recovery_codes = confirm_authenticator(device, form.cleaned_data["code"])
        if recovery_codes is None:
            form.add_error(None, "That code does not match. Enter the code your app shows now.")
            return self.show(device, form)
        device.refresh_from_db()
        self.mark_verified(device)
        # Shown in this response only: the codes are stored and never displayed again.
        return render(
            request,
            "staff_2fa/recovery_codes.html",
            {"recovery_codes": recovery_codes, "next_url": self.next_url()},
        )

    def show(self, device, form):
        context = {
            "form": form,
            "qr_code_svg": qr_code_svg(device),
            "secret": secret_text(device),
            "required": two_factor_required(self.request.user),
            "replacing": has_second_factor(self.request.user),
        }
        return render(self.request, self.template_name, context)
