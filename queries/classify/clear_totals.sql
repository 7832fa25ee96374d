-- Line items changed: class_key_totals is rebuilt from them (one pass, at load time only).
DELETE FROM class_key_totals
