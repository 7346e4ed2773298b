-- Issue #9: counts of care data kept in the school store for the principal, who never opens the
-- care store (store/care_counts.py). Counts by grade, level, batch, day and type — never a
-- student's name or id. The care tables themselves move to the care store after the numbered
-- migrations (store/care_store.py), not in a migration: only a holder of the care key can.
CREATE TABLE care_counts (
    kind  TEXT NOT NULL,     -- warnings_open, screening_batch, screening_grade, appointments_day
    dims  TEXT NOT NULL,     -- JSON object of the dimensions, keys sorted
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (kind, dims)
) WITHOUT ROWID;

-- Why a student left or took leave (休学 reasons) is care data; the change itself (who, from,
-- to, when) stays with the student list. The reasons move to their own table, which moves to
-- the care store with the others.
CREATE TABLE status_change_reasons (
    change_id INTEGER PRIMARY KEY REFERENCES student_status_changes(id) ON DELETE CASCADE,
    reason    TEXT NOT NULL
);
INSERT INTO status_change_reasons (change_id, reason)
    SELECT id, reason FROM student_status_changes WHERE reason <> '';
ALTER TABLE student_status_changes DROP COLUMN reason;
