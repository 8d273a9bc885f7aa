"""Running Jisr in production: health checks, request logs, start-up checks, the
resilient task worker and periodic jobs (no cron needed)."""
