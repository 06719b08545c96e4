"""Certificates: see issue 4."""
