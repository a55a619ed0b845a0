"""Read the file that maps WordPress author logins to the clinic's people or staff accounts.

CSV: one ``login,person`` pair a line (a first line ``login,person`` is a header; ``#`` starts a comment).
JSON: an object, ``{"login": "person"}``. The person is a Person's name or a user's username.
"""

import csv
import json
from pathlib import Path


class AuthorMapError(ValueError):
    """The author map can't be used; the message is one readable line."""


def read_author_map(path: str | Path) -> dict[str, str]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AuthorMapError(f"author map {path.name}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise AuthorMapError(f"author map {path.name} can't be read: {error}") from None
    if path.suffix.lower() == ".json":
        return _from_json(path.name, text)
    return _from_csv(path.name, text)


def _from_json(name: str, text: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise AuthorMapError(
            f"author map {name} is not valid JSON: {error.msg} at line {error.lineno}"
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in data.items()
    ):
        raise AuthorMapError(f'author map {name} must be one JSON object of "login": "person" strings')
    return _checked(name, data.items())


def _from_csv(name: str, text: str) -> dict[str, str]:
    pairs = []
    for line_number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line_number == 1 and cells[0].lower() == "login":
            continue
        if len(cells) != 2:
            raise AuthorMapError(
                f"author map {name}, line {line_number}: expected “login,person”, found {len(cells)} values"
            )
        pairs.append((cells[0], cells[1]))
    return _checked(name, pairs)


def _checked(name: str, pairs) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for login, person in pairs:
        login, person = login.strip(), person.strip()
        if not login or not person:
            raise AuthorMapError(f"author map {name}: every entry needs a login and a person")
        if login in mapping:
            raise AuthorMapError(f"author map {name}: login {login!r} is mapped twice")
        mapping[login] = person
    return mapping
