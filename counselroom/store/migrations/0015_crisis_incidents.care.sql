-- Issue #11 items 4 and 5: 危机事件 (一校一案, S004: 及时发现危机事件、规范启动应急预案、快速处置) and
-- 保密例外, in the care store. Students, staff and users live in the school store: no foreign keys
-- across the two files. What the principal sees of an incident (that it exists, its status, its
-- times and its counts) is kept in the school store by the care side (0016_incident_status.sql).

-- One incident. `responsible_id` works it with the team in incident_team; the lead reads them all.
-- 待会签: the closing summary is written and a lead (never the author) is asked to co-sign.
CREATE TABLE care.incidents (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL,                 -- 自伤 他伤 自伤及他伤 其他心理危机
    risk_level      TEXT NOT NULL CHECK (risk_level IN ('高', '中', '低')),
    summary         TEXT NOT NULL,                 -- what happened, as first reported
    place           TEXT NOT NULL DEFAULT '',
    occurred_at     TEXT NOT NULL,
    opened_at       TEXT NOT NULL,
    opened_by       INTEGER NOT NULL,              -- the author
    responsible_id  INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT '处置中' CHECK (status IN ('处置中', '待会签', '已结案')),
    closing_summary TEXT NOT NULL DEFAULT '',
    submitted_at    TEXT,
    submitted_by    INTEGER,
    cosigned_at     TEXT,
    cosigned_by     INTEGER,
    updated_at      TEXT NOT NULL,
    CHECK (cosigned_by IS NULL OR (cosigned_by <> opened_by AND cosigned_by IS NOT submitted_by)),
    CHECK ((status = '已结案') = (cosigned_at IS NOT NULL))
);
CREATE INDEX care.incidents_status ON incidents (status, opened_at);

-- Counselors who work the incident besides the responsible one (危机干预小组 members on duty).
CREATE TABLE care.incident_team (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    since       TEXT NOT NULL,
    PRIMARY KEY (incident_id, user_id)
) WITHOUT ROWID;
CREATE INDEX care.incident_team_user ON incident_team (user_id, incident_id);

-- The students the incident is about (当事学生).
CREATE TABLE care.incident_students (
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    student_id  INTEGER NOT NULL,
    PRIMARY KEY (incident_id, student_id)
) WITHOUT ROWID;
CREATE INDEX care.incident_students_student ON incident_students (student_id, incident_id);

-- The time line: what happened and what was done, each with when it happened and who wrote it
-- down. Never changed: a correction is a later event. `whom`: who was notified (班主任 周老师,
-- 母亲 …) or escorted by; `referral_id`: the 转介 this event started, when there is one.
CREATE TABLE care.incident_events (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    at          TEXT NOT NULL,
    whom        TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    referral_id INTEGER,
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX care.incident_events_incident ON incident_events (incident_id, at);

CREATE TRIGGER care.incident_events_append_only BEFORE UPDATE ON incident_events
BEGIN
    SELECT RAISE(ABORT, '危机事件的处置记录不能修改，请补记一条');
END;

CREATE TRIGGER care.incident_events_kept BEFORE DELETE ON incident_events
BEGIN
    SELECT RAISE(ABORT, '危机事件的处置记录不能删除');
END;

-- 事后安抚疏导: students and staff who may have been affected, each with the counselor who looks
-- after them. Exactly one of student_id and staff_id.
CREATE TABLE care.aftercare_people (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    student_id   INTEGER,
    staff_id     INTEGER,
    reason       TEXT NOT NULL DEFAULT '',      -- 目睹 同班 好友 处置教师 …
    counselor_id INTEGER NOT NULL,
    added_by     INTEGER NOT NULL,
    added_at     TEXT NOT NULL,
    CHECK ((student_id IS NULL) <> (staff_id IS NULL)),
    UNIQUE (incident_id, student_id, staff_id)
);
CREATE INDEX care.aftercare_people_incident ON aftercare_people (incident_id);
CREATE INDEX care.aftercare_people_counselor ON aftercare_people (counselor_id);

-- Their follow-ups: due on a day (the counselor's 今日 board), done with a short outcome.
CREATE TABLE care.aftercare_followups (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES aftercare_people(id) ON DELETE CASCADE,
    due_on     TEXT NOT NULL,
    done_on    TEXT,
    outcome    TEXT NOT NULL DEFAULT '',
    done_by    INTEGER,
    planned_by INTEGER NOT NULL,
    planned_at TEXT NOT NULL,
    CHECK ((done_on IS NULL) = (done_by IS NULL))
);
CREATE INDEX care.aftercare_followups_due ON aftercare_followups (due_on) WHERE done_on IS NULL;
CREATE INDEX care.aftercare_followups_person ON aftercare_followups (person_id);

-- 保密例外 (SECURITY.md 13): confidential information shared without the student's consent, for
-- one of three reasons, to named recipients, with the justification. Never changed or removed.
-- `disclosed`: exactly what was shared — the printed notice carries it, nothing else of the file.
CREATE TABLE care.confidentiality_exceptions (
    id            INTEGER PRIMARY KEY,
    student_id    INTEGER NOT NULL,
    category      TEXT NOT NULL CHECK (category IN ('生命安全风险', '虐待/性侵犯', '法律要求')),
    recipients    TEXT NOT NULL,                -- JSON list of {"name": …, "relation": …}
    justification TEXT NOT NULL,
    disclosed     TEXT NOT NULL,
    incident_id   INTEGER REFERENCES incidents(id),
    case_id       INTEGER REFERENCES cases(id),
    disclosed_at  TEXT NOT NULL,
    decided_by    INTEGER NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX care.confidentiality_exceptions_student ON confidentiality_exceptions (student_id);

CREATE TRIGGER care.confidentiality_exceptions_kept BEFORE UPDATE ON confidentiality_exceptions
BEGIN
    SELECT RAISE(ABORT, '保密例外记录不能修改');
END;

CREATE TRIGGER care.confidentiality_exceptions_not_deleted BEFORE DELETE ON confidentiality_exceptions
BEGIN
    SELECT RAISE(ABORT, '保密例外记录不能删除');
END;
