"""Spreadsheet round trip: export a mission to XLSX and import it back, all or nothing."""
