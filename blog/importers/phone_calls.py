"""Phone numbers in imported text, read the way libphonenumber reads them.

The one place that knows how numbers are found: parsers split paragraphs around them (the writer then
files each under its E.164 form, so "952-841-2345" and "(952) 841-2345" are one contact).
"""

import phonenumbers

from .article_data import PhoneCallData

# Parsers don't read Django settings; the clinic's numbers are American (PHONENUMBER_DEFAULT_REGION).
REGION = "US"


def joined_phone_call(call: PhoneCallData) -> str:
    """The paragraph as one line again, with no space before punctuation: "call (763) 555-0199."."""
    text = " ".join(part for part in (call.lead_in, call.phone_number) if part)
    trailing = call.trailing_text
    if trailing and trailing[0] not in ".,;:!?)":
        trailing = f" {trailing}"
    return (text + trailing).strip()


def split_phone_call(text: str) -> PhoneCallData | None:
    """Split plain ``text`` around its first valid phone number, or return None when it has none."""
    for match in phonenumbers.PhoneNumberMatcher(text, REGION, leniency=phonenumbers.Leniency.VALID):
        lead_in = text[: match.start].rstrip()
        trailing = text[match.end :].strip()
        return PhoneCallData(lead_in=lead_in, phone_number=match.raw_string, trailing_text=trailing)
    return None
