-- Students' care records: search initials, background, status history, 心理委员 and their
-- reports, 成长导师, 一人一案 plans, screening, and the 三级预警 warning list with history.

ALTER TABLE students ADD COLUMN name_initials TEXT NOT NULL DEFAULT '';  -- pinyin initials
CREATE INDEX students_initials ON students (name_initials);
CREATE INDEX students_status ON students (status);

-- 成长史、生活史、心理支持系统 (S000): written by counselors, confidential like notes.
CREATE TABLE student_background (
    student_id     INTEGER PRIMARY KEY REFERENCES students(id) ON DELETE CASCADE,
    growth_history TEXT NOT NULL DEFAULT '',
    life_history   TEXT NOT NULL DEFAULT '',
    support_system TEXT NOT NULL DEFAULT '',
    updated_by     INTEGER REFERENCES users(id),
    updated_at     TEXT NOT NULL
);

CREATE TABLE student_status_changes (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX status_changes_student ON student_status_changes (student_id);

-- 心理委员: two per class, one boy and one girl (S001, S003).
CREATE TABLE peer_monitors (
    class_id   INTEGER NOT NULL REFERENCES classes(id),
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    since      TEXT NOT NULL,
    PRIMARY KEY (class_id, student_id)
);

-- A concern raised by a 心理委员 or 班主任, entered by a counselor.
CREATE TABLE peer_reports (
    id           INTEGER PRIMARY KEY,
    class_id     INTEGER NOT NULL REFERENCES classes(id),
    student_id   INTEGER REFERENCES students(id) ON DELETE CASCADE,  -- who it is about, if named
    reporter     TEXT NOT NULL,                                      -- 心理委员 / 班主任 and name
    reported_on  TEXT NOT NULL,
    concern      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT '待处理' CHECK (status IN ('待处理', '已转预警', '已处理')),
    recorded_by  INTEGER REFERENCES users(id),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX peer_reports_student ON peer_reports (student_id);

-- 成长导师: one mentor teacher per student (S003 item 26).
CREATE TABLE mentors (
    student_id  INTEGER PRIMARY KEY REFERENCES students(id) ON DELETE CASCADE,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    since       TEXT NOT NULL,
    assigned_by INTEGER REFERENCES users(id)
);
CREATE INDEX mentors_staff ON mentors (staff_id);

-- 一人一案: the key-care student's plan (S003). Confidential.
CREATE TABLE care_plans (
    student_id INTEGER PRIMARY KEY REFERENCES students(id) ON DELETE CASCADE,
    goals      TEXT NOT NULL DEFAULT '',
    measures   TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL
);

-- Screening (心理普查/筛查): a batch per sitting or import; one result per student and batch.
CREATE TABLE screening_batches (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    instrument  TEXT NOT NULL,              -- PHQ-9, GAD-7, or a hand-scored scale's name
    source      TEXT NOT NULL,              -- 导入 / 录入
    held_on     TEXT NOT NULL,
    file_name   TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL
);

CREATE TABLE screening_results (
    id               INTEGER PRIMARY KEY,
    batch_id         INTEGER NOT NULL REFERENCES screening_batches(id) ON DELETE CASCADE,
    student_id       INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    taken_on         TEXT NOT NULL,
    total_score      REAL,
    band             TEXT NOT NULL DEFAULT '',
    positive         INTEGER NOT NULL DEFAULT 0,   -- 筛查阳性
    risk_item_flag   INTEGER NOT NULL DEFAULT 0,   -- e.g. PHQ-9 item 9 > 0, ASQ any yes
    invalid_reason   TEXT NOT NULL DEFAULT '',     -- '' = valid; never promoted when set
    duration_seconds INTEGER,
    answers          TEXT NOT NULL DEFAULT '',     -- item answers (JSON): confidential
    UNIQUE (batch_id, student_id)
);
CREATE INDEX screening_results_student ON screening_results (student_id);

-- A column mapping chosen for another platform's export, saved for next time.
CREATE TABLE screening_mappings (
    signature TEXT PRIMARY KEY,                 -- normalised header row
    mapping   TEXT NOT NULL,                    -- JSON: field -> column header
    saved_at  TEXT NOT NULL
);

-- 三级预警 / 重点关爱人员清单: at most one open entry per student.
CREATE TABLE warnings (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    level        TEXT NOT NULL CHECK (level IN ('red', 'orange', 'yellow')),
    reason       TEXT NOT NULL,
    source       TEXT NOT NULL,
    counselor_id INTEGER REFERENCES users(id),
    opened_on    TEXT NOT NULL,
    review_on    TEXT NOT NULL,
    closed_on    TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX warnings_open_per_student ON warnings (student_id) WHERE closed_on IS NULL;
CREATE INDEX warnings_review ON warnings (review_on) WHERE closed_on IS NULL;

-- Every change to an entry (动态更新): who, when, why.
CREATE TABLE warning_history (
    id         INTEGER PRIMARY KEY,
    warning_id INTEGER NOT NULL REFERENCES warnings(id) ON DELETE CASCADE,
    changed_at TEXT NOT NULL,
    changed_by INTEGER REFERENCES users(id),
    action     TEXT NOT NULL,               -- 列入 调整 复评 解除
    from_level TEXT NOT NULL DEFAULT '',
    to_level   TEXT NOT NULL DEFAULT '',
    review_on  TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL
);
CREATE INDEX warning_history_warning ON warning_history (warning_id);

-- A level proposed by a positive screen or a report; a counselor confirms or rejects it.
CREATE TABLE warning_proposals (
    id              INTEGER PRIMARY KEY,
    student_id      INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    result_id       INTEGER REFERENCES screening_results(id) ON DELETE CASCADE,
    peer_report_id  INTEGER REFERENCES peer_reports(id) ON DELETE CASCADE,
    proposed_level  TEXT NOT NULL CHECK (proposed_level IN ('red', 'orange', 'yellow')),
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT '待确认' CHECK (status IN ('待确认', '已确认', '已驳回')),
    decided_by      INTEGER REFERENCES users(id),
    decided_at      TEXT,
    decision_reason TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX warning_proposals_status ON warning_proposals (status);
