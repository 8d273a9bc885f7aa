"""Renderings of a participant's agenda: iCalendar, PDF and the QR codes in it."""
