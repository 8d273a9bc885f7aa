"""Read-only reporting: dashboards, mission comparisons and exports for sponsors."""
