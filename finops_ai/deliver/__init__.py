"""Deliver rendered reports: to files (atomically) and to the terminal."""
