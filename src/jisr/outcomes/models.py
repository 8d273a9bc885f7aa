"""Models of the outcomes app."""
