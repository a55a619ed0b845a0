"""Find the phone number in a paragraph of imported text, the way libphonenumber reads US numbers."""

import phonenumbers

from .article_data import PhoneCallData

DEFAULT_REGION = "US"


def split_phone_call(text: str) -> PhoneCallData | None:
    """Split plain ``text`` around its first valid phone number, or return None when it has none."""
    for match in phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION, leniency=phonenumbers.Leniency.VALID):
        lead_in = text[: match.start].rstrip()
        trailing = text[match.end :].strip()
        return PhoneCallData(lead_in=lead_in, phone_number=match.raw_string, trailing_text=trailing)
    return None
