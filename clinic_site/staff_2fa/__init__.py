"""Two-factor sign-in for staff (django-otp): an authenticator app (TOTP) plus single-use recovery codes.

The rule: administrators and Site managers must pass a second factor before any admin URL answers them;
Authors and Clinical reviewers may enrol, and once they have, it is asked of them too. Password sign-in
stays Wagtail's own login (with django-axes' lockout); this app adds the verify and enrol steps after it.
"""
