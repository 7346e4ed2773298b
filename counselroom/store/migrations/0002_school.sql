-- School structure, staff and students (一生一档 basics).
CREATE TABLE school (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name           TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    policy_profile TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);

CREATE TABLE academic_years (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,          -- 2025-2026
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL
);

CREATE TABLE terms (
    id         INTEGER PRIMARY KEY,
    year_id    INTEGER NOT NULL REFERENCES academic_years(id),
    number     INTEGER NOT NULL CHECK (number IN (1, 2)),
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    UNIQUE (year_id, number)
);

CREATE TABLE grades (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,          -- 七年级 / 初一, 高二 …
    stage      TEXT NOT NULL,                 -- 小学 初中 高中 中职
    year_in_stage INTEGER NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    gender         TEXT NOT NULL DEFAULT '',
    staff_no       TEXT UNIQUE,
    position       TEXT NOT NULL,             -- 专职心理教师 兼职心理教师 班主任 科任教师 校领导
    subject        TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    qualifications TEXT NOT NULL DEFAULT '',
    user_id        INTEGER REFERENCES users(id),
    active         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE classes (
    id              INTEGER PRIMARY KEY,
    grade_id        INTEGER NOT NULL REFERENCES grades(id),
    number          INTEGER NOT NULL,
    name            TEXT NOT NULL,
    head_teacher_id INTEGER REFERENCES staff(id),
    graduated_on    TEXT                      -- set at term rollover for a graduating class
);
-- Only classes still at school must be unique per grade: graduated ones stay for the record.
CREATE UNIQUE INDEX classes_current ON classes (grade_id, number) WHERE graduated_on IS NULL;

CREATE TABLE students (
    id          INTEGER PRIMARY KEY,
    student_no  TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    gender      TEXT NOT NULL CHECK (gender IN ('男', '女')),
    birth_date  TEXT,
    class_id    INTEGER REFERENCES classes(id),
    status      TEXT NOT NULL DEFAULT '在读' CHECK (status IN ('在读', '休学', '复学', '转出', '毕业')),
    enrolled_on TEXT,
    left_on     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX students_class ON students (class_id);
CREATE INDEX students_name ON students (name);

CREATE TABLE guardians (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    relation   TEXT NOT NULL,
    phone      TEXT NOT NULL DEFAULT '',
    is_primary INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX guardians_student ON guardians (student_id);

-- Family situation, special needs and 六困生 categories, one row per flag.
CREATE TABLE student_flags (
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    flag       TEXT NOT NULL,
    PRIMARY KEY (student_id, flag)
) WITHOUT ROWID;
