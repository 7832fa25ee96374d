-- Remember the fingerprint of one set of classifier inputs ($name, $fingerprint).
INSERT OR REPLACE INTO classifier_inputs VALUES ($name, $fingerprint)
