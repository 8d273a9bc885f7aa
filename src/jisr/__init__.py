"""Jisr: B2B trade missions for offshoring partnerships, from invitation to outcomes."""

__version__ = "0.1.0"
