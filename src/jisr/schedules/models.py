"""Schedule runs, the published schedule and attendance."""
