"""Test servers shared by several test modules (providers' APIs, SMTP)."""
