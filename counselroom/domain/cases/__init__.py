"""个案 and 辅导记录 (issue #10): who may read and write a case, what may happen next to a case or a
note, and the note templates (data in resources/note_templates/, parsed here, loaded in system/)."""
