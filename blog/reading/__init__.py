"""Composing the public pages: what a reader sees around an article and in a listing.

Neighbours (related, previous, next), breadcrumbs, feeds, pagination, structured data, the share
image, reading time and which pages are public. These modules read pages; they never change them.
"""
