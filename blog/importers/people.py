"""The Person an imported article's author becomes: mapped, matched by name, or created.

WordPress display names often carry credentials ("Maya Okafor, MD"); a Person keeps those in their own
field, so names are matched without them and the credentials fill the field when it is empty.
"""

import re
from collections.abc import Mapping

from django.contrib.auth import get_user_model

from blog.models import Person

from .article_data import AuthorData

_NAME_LENGTH = Person._meta.get_field("name").max_length
_CREDENTIALS_LENGTH = Person._meta.get_field("credentials").max_length
# "MD", "PhD", "PA-C", "M.D.": at least two capitals, so "Jr." or a surname is never taken for one.
_CREDENTIAL = r"(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z.\-]+"
_CREDENTIALS = re.compile(rf"^(.+?),\s*({_CREDENTIAL}(?:\s*,\s*{_CREDENTIAL})*)\s*$")


def split_credentials(display_name: str) -> tuple[str, str]:
    """("Maya Okafor", "MD") for "Maya Okafor, MD"; a name without credentials comes back whole."""
    match = _CREDENTIALS.match(display_name.strip())
    if match is None:
        return display_name.strip(), ""
    return match.group(1).strip(), ", ".join(part.strip() for part in match.group(2).split(","))


class AuthorMapTargetError(ValueError):
    """An author map entry names nobody the site knows."""


class People:
    """Resolves authors to Person snippets.

    ``author_map`` sends a login to an existing Person (by name) or staff account (by username, whose
    Person is created if it has none). Authors not in the map are matched to a Person by display name,
    or a Person with that name is created, so a second import finds the same people.
    """

    def __init__(self, author_map: Mapping[str, str] | None = None):
        self.author_map = dict(author_map or {})

    def check_author_map(self) -> None:
        """Raise AuthorMapTargetError naming the first entry that matches no person or user."""
        user_model = get_user_model()
        for login, target in self.author_map.items():
            known = (
                user_model.objects.filter(**{user_model.USERNAME_FIELD: target}).exists()
                or Person.objects.filter(name__iexact=split_credentials(target)[0]).exists()
            )
            if not known:
                raise AuthorMapTargetError(
                    f"author map: {login!r} → {target!r} matches no person's name and no user's username"
                )

    def person_for(self, author: AuthorData) -> Person:
        target = self.author_map.get(author.login)
        if target is not None:
            return self._mapped_person(target)
        name, credentials = split_credentials(author.display_name or author.login)
        name, credentials = name[:_NAME_LENGTH], credentials[:_CREDENTIALS_LENGTH]
        person = Person.objects.filter(name__iexact=name).first()
        if person is None:
            return Person.objects.create(name=name, credentials=credentials)
        if credentials and not person.credentials:
            person.credentials = credentials
            person.save(update_fields=["credentials"])
        return person

    @staticmethod
    def _mapped_person(target: str) -> Person | None:
        user_model = get_user_model()
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: target}).first()
        if user is None:
            return Person.objects.filter(name__iexact=split_credentials(target)[0]).first()
        person = Person.objects.filter(user=user).first()
        if person is None:
            name = (user.get_full_name() or user.get_username())[:_NAME_LENGTH]
            person = Person.objects.create(name=name, user=user)
        return person
