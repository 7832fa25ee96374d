"""Classify line items as AI training, inference, other AI or non-AI (rules in queries/classify)."""
