"""finops-ai: AI training vs inference spend from cloud and AI-provider bills."""

__version__ = "0.1.0"
