"""Site search: the view, which articles a search ranks, and keeping the index current."""
