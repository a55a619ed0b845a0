"""Demo content for `load_demo_content`: the seed article (plain text, imported as staff import
articles), a handful of articles written here as plain data, with pictures drawn locally, and the
language-assistance page's taglines."""
