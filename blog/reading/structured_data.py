"""schema.org JSON-LD for an article, built from the very values its page shows.

Search engines compare structured data with the visible page; anything here that a patient cannot
see on the page (another date, another name) would be misleading, so callers pass in what the
template renders rather than this module looking things up again.
"""

import json
from urllib.parse import urljoin

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# As Django's json_script does: no "<", ">" or "&" may appear raw inside a <script> element, so a
# title like "</script>" cannot end it early. JSON parsers read these escapes back as the characters.
SCRIPT_SAFE_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_SAFE_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def local_isoformat(moment) -> str:
    """The same string the template's ``|date:"c"`` writes: local time with its UTC offset."""
    return timezone.localtime(moment).isoformat()


def person_id(page_url) -> str:
    """The ``@id`` of the person whose team page is at ``page_url``: the same on every page naming them."""
    return f"{page_url}#person"


def person_node(person, page_url=None) -> dict:
    """A Person as an article credits them; ``page_url`` is their team page, when they have one."""
    node = {"@type": "Person", "name": person.name}
    if page_url:
        node["@id"] = person_id(page_url)
        node["url"] = page_url
    if person.credentials:
        node["honorificSuffix"] = person.credentials
    if person.role:
        node["jobTitle"] = person.role
    return node


def credential_nodes(credentials) -> list[dict]:
    """ "MD, FAAPMR" as one credential each, as the page shows them after the name."""
    return [
        {"@type": "EducationalOccupationalCredential", "name": credential.strip()}
        for credential in credentials.split(",")
        if credential.strip()
    ]


def person_graph(person, *, url, clinic) -> dict:
    """The team page of one person: a ProfilePage whose main entity is the Person, who works at the clinic."""
    home_url = urljoin(url, "/")
    clinic_data = clinic_node(clinic, home_url)
    node = person_node(person, url)
    node["worksFor"] = {"@id": clinic_data["@id"]}
    credentials = credential_nodes(person.credentials)
    if credentials:
        node["hasCredential"] = credentials
    if person.bio:
        node["description"] = person.bio
    profile = {
        "@type": "ProfilePage",
        "@id": f"{url}#webpage",
        "url": url,
        "name": person.name_with_credentials,
        "mainEntity": {"@id": node["@id"]},
    }
    return {"@context": "https://schema.org", "@graph": [profile, node, clinic_data]}


def clinic_node(clinic, home_url) -> dict:
    node = {
        "@type": "MedicalClinic",
        "@id": f"{home_url}#clinic",
        "name": clinic.clinic_name,
        "url": home_url,
    }
    if clinic.live_phone_contact and clinic.live_phone_contact.phone_number:
        node["telephone"] = clinic.live_phone_contact.phone_number.as_e164
    return node


def breadcrumb_node(breadcrumbs, node_id) -> dict:
    return {
        "@type": "BreadcrumbList",
        "@id": node_id,
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.name, "item": crumb.full_url}
            for position, crumb in enumerate(breadcrumbs, start=1)
        ],
    }


def article_graph(
    article,
    *,
    url,
    description,
    breadcrumbs,
    categories,
    tags,
    published,
    updated,
    clinic,
    image=None,
    approval=None,
    team_urls=None,
) -> dict:
    """One ``@graph``: the BlogPosting, the MedicalWebPage holding it, the clinic and the breadcrumbs.

    ``approval`` is the clinical approval of the live revision: only it gives ``reviewedBy`` and
    ``lastReviewed``. ``team_urls`` maps the pk of each credited person with a team page to its address,
    from which their ``@id`` is made, as on that page.

    ``updated`` is the "Updated" date the page shows, or None when it shows none; ``categories``
    are the ones shown under the article, of which "Uncategorized" is not a real section.
    """
    team_urls = team_urls or {}
    home_url = urljoin(url, "/")
    clinic_data = clinic_node(clinic, home_url)
    clinic_ref = {"@id": clinic_data["@id"]}
    sections = [category.name for category in categories if not category.is_uncategorized]
    keywords = [tag.name for tag in tags]

    posting = {
        "@type": "BlogPosting",
        "@id": f"{url}#article",
        "headline": article.title,
        "description": description,
        "author": person_node(article.author, team_urls.get(article.author.pk))
        if article.author
        else clinic_ref,
        "publisher": clinic_ref,
        "mainEntityOfPage": {"@id": f"{url}#webpage"},
    }
    if published:
        posting["datePublished"] = local_isoformat(published)
        posting["dateModified"] = local_isoformat(updated or published)
    if image:
        posting["image"] = {
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        }
    if sections:
        posting["articleSection"] = sections
    if keywords:
        posting["keywords"] = keywords

    topics = list(dict.fromkeys(sections + keywords)) or [article.title]
    web_page = {
        "@type": "MedicalWebPage",
        "@id": f"{url}#webpage",
        "url": url,
        "name": article.title,
        "about": [{"@type": "Thing", "name": topic} for topic in topics],
        "mainEntity": {"@id": posting["@id"]},
        "breadcrumb": {"@id": f"{url}#breadcrumbs"},
        "publisher": clinic_ref,
    }
    if approval is not None:
        web_page["lastReviewed"] = approval.reviewed_on.isoformat()
        web_page["reviewedBy"] = person_node(approval.reviewer, team_urls.get(approval.reviewer_id))

    return {
        "@context": "https://schema.org",
        "@graph": [posting, web_page, clinic_data, breadcrumb_node(breadcrumbs, f"{url}#breadcrumbs")],
    }


def location_node(location, page_url) -> dict:
    """A location as a ``MedicalClinic``, from the fields its section on the Locations page shows."""
    address = {
        "@type": "PostalAddress",
        "streetAddress": location.street_address,
        "addressLocality": location.city,
        "addressRegion": location.region,
        "postalCode": location.postcode,
        "addressCountry": "US",
    }
    node = {
        "@type": "MedicalClinic",
        "@id": f"{page_url}#{location.slug}",
        "name": location.name,
        "url": f"{page_url}#{location.slug}",
        "address": address,
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": [f"https://schema.org/{day}" for day in row.value.ordered_days()],
                "opens": row.value["opens"].strftime("%H:%M"),
                "closes": row.value["closes"].strftime("%H:%M"),
            }
            for row in location.opening_hours
        ],
    }
    contact = location.live_phone_contact
    if contact is not None and contact.phone_number:
        node["telephone"] = contact.phone_number.as_e164
    if location.map_url:
        node["hasMap"] = location.map_url
    return node


def locations_graph(locations, page_url) -> dict:
    return {"@context": "https://schema.org", "@graph": [location_node(loc, page_url) for loc in locations]}
