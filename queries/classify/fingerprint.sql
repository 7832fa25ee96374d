-- The stored fingerprint of one set of classifier inputs ($name), if any.
SELECT fingerprint FROM classifier_inputs WHERE name = $name
