"""Defences against what the open internet sends: headers, methods, login throttling, database outages."""
