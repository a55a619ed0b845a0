"""Importers turn outside content into articles in two steps.

Parsers (``plain_text``, ``wordpress``) read text into the plain dataclasses of
``article_data`` and know nothing of Django; ``writer`` turns those dataclasses into
Wagtail pages and snippets.
"""
