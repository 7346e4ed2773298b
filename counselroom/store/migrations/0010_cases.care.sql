-- Issue #10: 个案 and 辅导记录, in the care store. A case is opened for one student; a note
-- (from a template) belongs to a case, or to several students (团体辅导: each student's file
-- shows only their own part). A signed note never changes: corrections are addenda.
-- Students, users are in the school store: no foreign keys across the two files.

CREATE TABLE care.cases (
    id            INTEGER PRIMARY KEY,
    student_id    INTEGER NOT NULL,
    reason        TEXT NOT NULL,
    issue_types   TEXT NOT NULL DEFAULT '[]',   -- JSON list: 学业, 人际, 家庭, 情绪, 自伤风险, 欺凌/暴力/性侵犯 …
    status        TEXT NOT NULL DEFAULT '进行中' CHECK (status IN ('进行中', '已结案')),
    opened_on     TEXT NOT NULL,
    opened_by     INTEGER NOT NULL,
    closed_on     TEXT,
    close_summary TEXT NOT NULL DEFAULT '',
    next_step     TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX care.cases_student ON cases (student_id);

-- Who works the case (one or more counselors) and who it is shared with (read only).
CREATE TABLE care.case_people (
    case_id  INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    part     TEXT NOT NULL CHECK (part IN ('负责', '共享')),
    since    TEXT NOT NULL,
    added_by INTEGER NOT NULL,
    PRIMARY KEY (case_id, user_id)
) WITHOUT ROWID;
CREATE INDEX care.case_people_user ON case_people (user_id, case_id);

-- Every change of status, assignment or sharing: who, when, what.
CREATE TABLE care.case_history (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    changed_at TEXT NOT NULL,
    changed_by INTEGER NOT NULL,
    action     TEXT NOT NULL,               -- 开案 指派 共享 取消共享 结案 重新开案
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX care.case_history_case ON case_history (case_id);

-- 辅导记录. `fields` holds the template's fields as JSON; signed notes are locked by triggers.
CREATE TABLE care.notes (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER REFERENCES cases(id) ON DELETE CASCADE,  -- NULL for a group note
    template      TEXT NOT NULL,                -- the template's id (resources/note_templates): intake, crisis …
    needs_cosign  INTEGER NOT NULL DEFAULT 0,   -- copied from the template when written: a later file edit changes no note
    held_on       TEXT NOT NULL,
    fields        TEXT NOT NULL DEFAULT '{}',
    author_id     INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    signed_at     TEXT,
    signed_by     INTEGER,
    cosigned_at   TEXT,                         -- 危机评估: the lead's co-signature
    cosigned_by   INTEGER
);
CREATE INDEX care.notes_case ON notes (case_id, held_on);
CREATE INDEX care.notes_unsigned ON notes (author_id, created_at) WHERE signed_at IS NULL;

-- The students a note is about; a group note's per-student part lives here.
CREATE TABLE care.note_students (
    note_id    INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL,
    part       TEXT NOT NULL DEFAULT '',        -- 团体辅导: what concerns this student only
    PRIMARY KEY (note_id, student_id)
) WITHOUT ROWID;
CREATE INDEX care.note_students_student ON note_students (student_id, note_id);

-- A signed note is never changed: its text, template, date and students stay as signed. Only
-- the lead's co-signature may still be added once.
CREATE TRIGGER care.notes_locked_after_signing BEFORE UPDATE ON notes
WHEN OLD.signed_at IS NOT NULL AND (
    NEW.fields IS NOT OLD.fields OR NEW.template IS NOT OLD.template OR NEW.held_on IS NOT OLD.held_on
    OR NEW.needs_cosign IS NOT OLD.needs_cosign
    OR NEW.case_id IS NOT OLD.case_id OR NEW.author_id IS NOT OLD.author_id
    OR NEW.signed_at IS NOT OLD.signed_at OR NEW.signed_by IS NOT OLD.signed_by
    OR (OLD.cosigned_at IS NOT NULL AND (NEW.cosigned_at IS NOT OLD.cosigned_at OR NEW.cosigned_by IS NOT OLD.cosigned_by))
)
BEGIN
    SELECT RAISE(ABORT, '已签名的辅导记录不能修改，请添加补充说明');
END;

CREATE TRIGGER care.notes_signed_are_kept BEFORE DELETE ON notes
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, '已签名的辅导记录不能删除');
END;

CREATE TRIGGER care.note_students_locked_after_signing BEFORE UPDATE ON note_students
WHEN (SELECT signed_at FROM notes WHERE id = OLD.note_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, '已签名的辅导记录不能修改，请添加补充说明');
END;

CREATE TRIGGER care.note_students_fixed_after_signing BEFORE DELETE ON note_students
WHEN (SELECT signed_at FROM notes WHERE id = OLD.note_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, '已签名的辅导记录不能修改，请添加补充说明');
END;

CREATE TRIGGER care.note_students_none_added_after_signing BEFORE INSERT ON note_students
WHEN (SELECT signed_at FROM notes WHERE id = NEW.note_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, '已签名的辅导记录不能修改，请添加补充说明');
END;

-- 补充说明: corrections and later information, each with its author and time; never changed.
CREATE TABLE care.note_addenda (
    id        INTEGER PRIMARY KEY,
    note_id   INTEGER NOT NULL REFERENCES notes(id),
    text      TEXT NOT NULL,
    author_id INTEGER NOT NULL,
    added_at  TEXT NOT NULL
);
CREATE INDEX care.note_addenda_note ON note_addenda (note_id);

CREATE TRIGGER care.note_addenda_append_only BEFORE UPDATE ON note_addenda
BEGIN
    SELECT RAISE(ABORT, '补充说明不能修改');
END;

CREATE TRIGGER care.note_addenda_kept BEFORE DELETE ON note_addenda
BEGIN
    SELECT RAISE(ABORT, '补充说明不能删除');
END;

-- 一人一案 reviews on a schedule (S003 item 23: 根据干预效果，动态更新).
CREATE TABLE care.plan_reviews (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL,
    reviewed_on TEXT NOT NULL,
    what_worked TEXT NOT NULL DEFAULT '',
    changes     TEXT NOT NULL DEFAULT '',
    next_review TEXT,
    goals       TEXT NOT NULL DEFAULT '',        -- the plan as it stood after this review
    measures    TEXT NOT NULL DEFAULT '',
    reviewed_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX care.plan_reviews_student ON plan_reviews (student_id, reviewed_on);

-- Scanned consent forms and hospital letters, kept inside the care store (encrypted with it):
-- never a file on disk. Saving a copy out is an export (reason, audit with the file's SHA-256).
CREATE TABLE care.attachments (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,                  -- 知情同意书 医院来函 其他
    file_name  TEXT NOT NULL,
    mime       TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
    size       INTEGER NOT NULL CHECK (size > 0),
    sha256     TEXT NOT NULL,
    content    BLOB NOT NULL,
    added_by   INTEGER NOT NULL,
    added_at   TEXT NOT NULL
);
CREATE INDEX care.attachments_case ON attachments (case_id);
