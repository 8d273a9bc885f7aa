"""Readers and writers for external instance formats."""
