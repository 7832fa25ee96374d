"""Loading: bill files and AI-provider batches into the warehouse, in the write session's one
transaction (bills.py, providers.py), and which earlier rows a delivery restates (restate.py)."""
