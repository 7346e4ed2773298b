-- Issue #13: the principal's 问题与改进措施 for a term's 学期自查报告 (S004: 每学期…全面自查、梳理、完善),
-- school store: the principal, who never holds the care key, writes it. The entry box warns that the
-- principal and the counseling centre both read it, so no student is named in it.
CREATE TABLE self_inspection_notes (
    term_id    INTEGER PRIMARY KEY REFERENCES terms(id),
    text       TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL
);
