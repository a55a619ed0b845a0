"""The Person an imported article's author becomes: mapped, matched by name, or created."""

from collections.abc import Mapping

from django.contrib.auth import get_user_model

from blog.models import Person

from .article_data import AuthorData

_NAME_LENGTH = Person._meta.get_field("name").max_length


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
                or Person.objects.filter(name__iexact=target).exists()
            )
            if not known:
                raise AuthorMapTargetError(
                    f"author map: {login!r} → {target!r} matches no person's name and no user's username"
                )

    def person_for(self, author: AuthorData) -> Person:
        target = self.author_map.get(author.login)
        if target is not None:
            return self._mapped_person(target)
        name = (author.display_name or author.login)[:_NAME_LENGTH]
        return Person.objects.filter(name__iexact=name).first() or Person.objects.create(name=name)

    @staticmethod
    def _mapped_person(target: str) -> Person | None:
        user_model = get_user_model()
        user = user_model.objects.filter(**{user_model.USERNAME_FIELD: target}).first()
        if user is None:
            return Person.objects.filter(name__iexact=target).first()
        person = Person.objects.filter(user=user).first()
        if person is None:
            name = (user.get_full_name() or user.get_username())[:_NAME_LENGTH]
            person = Person.objects.create(name=name, user=user)
        return person
