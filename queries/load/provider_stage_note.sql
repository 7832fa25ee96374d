-- Keep a note for the user about a staged provider file. $note.
INSERT INTO temp.provider_stage_notes VALUES ($note)
