"""The clinic's brand on the public site: its colour (checked for contrast) as a stylesheet."""
