"""Synthetic articles for load tests and benchmarks.

``article_text`` makes plain ``ArticleData``, the same for the same prefix and number;
``bulk_writer`` turns many of them into live Wagtail pages at once.
"""
