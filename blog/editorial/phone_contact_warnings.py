"""Admin warnings when the clinic's main line is a phone contact that is not published.

Patients never see an unpublished contact (ClinicSettings.live_phone_contact, PhoneContactBlock.render), so
a main line that is unpublished means no number in the header and footer: the settings and the contact's
own edit view say so, and so does unpublishing it.
"""

from django.contrib import messages

from blog.models import ClinicSettings, PhoneContact


def warn_if_clinic_line_is_hidden(request, instance):
    """before_edit_setting: the clinic settings name a contact that is not published."""
    if request.method != "GET" or not isinstance(instance, ClinicSettings):
        return
    contact = instance.phone_contact
    if contact is not None and not contact.live:
        messages.warning(
            request,
            f"The phone contact “{contact.label}” is not published, so no phone number is shown in the "
            "header and footer. Publish it, or choose a published contact.",
        )


def warn_if_contact_is_a_hidden_clinic_line(request, instance):
    """before_edit_snippet: this contact is the clinic's main line but is not published."""
    if request.method == "GET" and _is_a_hidden_clinic_line(instance):
        messages.warning(request, _hidden_clinic_line_message())


def warn_on_unpublishing_a_clinic_line(request, instance):
    """after_unpublish: the contact just taken down was the clinic's main line."""
    if _is_a_hidden_clinic_line(instance):
        messages.warning(request, _hidden_clinic_line_message())


def _is_a_hidden_clinic_line(instance) -> bool:
    return (
        isinstance(instance, PhoneContact)
        and not instance.live
        and ClinicSettings.objects.filter(phone_contact=instance).exists()
    )


def _hidden_clinic_line_message() -> str:
    return (
        "This contact is the clinic's main line in the clinic settings but is not published, so no phone "
        "number is shown in the header and footer, and articles' phone blocks using it show nothing. "
        "Publish it, or choose another contact in the clinic settings."
    )
