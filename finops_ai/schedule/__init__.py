"""Scheduled runs: one cron-safe command that refreshes every source and delivers the report."""
