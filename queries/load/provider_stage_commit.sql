-- Move the staged AI provider rows of this load into the line-item store.
INSERT INTO line_item_data BY NAME SELECT * FROM temp.provider_stage
