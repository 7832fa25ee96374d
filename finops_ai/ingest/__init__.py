"""Bills in, FOCUS-shaped line items out: finding files, detecting formats, mapping columns."""
