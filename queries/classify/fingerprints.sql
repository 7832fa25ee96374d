-- The stored fingerprints of the classifier's SQL: (name, fingerprint).
SELECT name, fingerprint FROM classifier_inputs
