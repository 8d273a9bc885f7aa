"""What the schedules app tells the apps above it, which it may not import (layers)."""

from django.dispatch import Signal

# Sent inside the publication's transaction; kwargs: ``mission``, ``publication``.
schedule_published = Signal()
