"""Composing the public pages: what a reader sees around an article and in a listing.

Neighbours (related, previous, next), breadcrumbs, feeds, pagination, structured data, the share
image, reading time, which pages are public, and the site's chrome (header, footer) every page shows.
These modules read pages; they never change them.
"""
