-- Issue #11 item 3: 休学 → 复学 in the care store (rules: domain/students/leave_return.py).
-- The status itself and its history stay in the school store (students, student_status_changes);
-- what the counseling room knows about a leave and a return lives here. Students, users and the
-- status changes are in the school store: no foreign keys across the two files.

-- One leave (休学): its kind of reason, the expected return date, the counselor who follows it.
CREATE TABLE care.student_leaves (
    id               INTEGER PRIMARY KEY,
    student_id       INTEGER NOT NULL,
    change_id        INTEGER NOT NULL,              -- student_status_changes.id of the 休学
    reason_kind      TEXT NOT NULL CHECK (reason_kind IN ('心理健康原因', '身体疾病', '家庭原因', '其他')),
    left_on          TEXT NOT NULL,
    expected_return  TEXT NOT NULL,
    counselor_id     INTEGER NOT NULL,
    recorded_by      INTEGER NOT NULL,
    recorded_at      TEXT NOT NULL
);
CREATE INDEX care.student_leaves_student ON student_leaves (student_id, left_on);

-- The return (复学) that ends a leave: the 复学评估 it rests on and who follows the first month.
CREATE TABLE care.student_returns (
    id                 INTEGER PRIMARY KEY,
    leave_id           INTEGER NOT NULL UNIQUE REFERENCES student_leaves(id) ON DELETE CASCADE,
    change_id          INTEGER NOT NULL,            -- student_status_changes.id of the 复学
    returned_on        TEXT NOT NULL,
    assessment_note_id INTEGER REFERENCES notes(id), -- a signed 复学评估 (required after a 心理健康 leave)
    counselor_id       INTEGER NOT NULL,            -- responsible for the check-ins (今日 board)
    recorded_by        INTEGER NOT NULL,
    recorded_at        TEXT NOT NULL
);
CREATE INDEX care.student_returns_counselor ON student_returns (counselor_id);

-- Documents received, as a checklist: one row per kind ticked, the scan optionally attached.
CREATE TABLE care.return_documents (
    return_id     INTEGER NOT NULL REFERENCES student_returns(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('家长复学申请', '医院复学证明', '诊断证明或病历', '其他材料')),
    received_on   TEXT NOT NULL,
    issuer        TEXT NOT NULL DEFAULT '',         -- e.g. the hospital that wrote the certificate
    attachment_id INTEGER REFERENCES attachments(id) ON DELETE SET NULL,
    PRIMARY KEY (return_id, kind)
) WITHOUT ROWID;

-- The first-month check-ins (week 1, 2, 4 by default), each done with a short note.
CREATE TABLE care.return_checkins (
    id        INTEGER PRIMARY KEY,
    return_id INTEGER NOT NULL REFERENCES student_returns(id) ON DELETE CASCADE,
    due_on    TEXT NOT NULL,
    done_on   TEXT,
    note      TEXT NOT NULL DEFAULT '',
    done_by   INTEGER,
    UNIQUE (return_id, due_on)
);
CREATE INDEX care.return_checkins_open ON return_checkins (due_on) WHERE done_on IS NULL;
