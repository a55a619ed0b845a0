"""Phone numbers in imported text, read the way libphonenumber reads them.

The one place that knows how numbers are found and normalised: parsers split paragraphs around them and
the writer files each under its E.164 form, so "952-841-2345" and "(952) 841-2345" are one contact.
"""

import phonenumbers

from .article_data import PhoneCallData

# Parsers don't read Django settings; the writer passes settings.PHONENUMBER_DEFAULT_REGION instead.
DEFAULT_REGION = "US"


def split_phone_call(text: str, region: str = DEFAULT_REGION) -> PhoneCallData | None:
    """Split plain ``text`` around its first valid phone number, or return None when it has none."""
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        lead_in = text[: match.start].rstrip()
        trailing = text[match.end :].strip()
        return PhoneCallData(lead_in=lead_in, phone_number=match.raw_string, trailing_text=trailing)
    return None


def to_e164(raw_number: str, region: str = DEFAULT_REGION) -> str:
    """``raw_number`` as written in the text, in E.164 form: "(952) 841-2345" -> "+19528412345"."""
    number = phonenumbers.parse(raw_number, region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_national(e164: str) -> str:
    """How the number is written for people in its own country: "+19528412345" -> "(952) 841-2345"."""
    return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.NATIONAL)
