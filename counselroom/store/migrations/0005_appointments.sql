-- 预约: appointments, the students each one is about, and the 候补名单 (waitlist).
-- Times are the school's local wall-clock time as YYYY-MM-DDTHH:MM:SS, so that string order is
-- time order and the overlap queries can use the indexes; the CHECKs keep every writer (the
-- GUI, the demo generator, imports) to that one form.
CREATE TABLE appointments (
    id             INTEGER PRIMARY KEY,
    counselor_id   INTEGER NOT NULL REFERENCES users(id),
    room_id        INTEGER REFERENCES rooms(id),      -- NULL for 电话/网络
    starts_at      TEXT NOT NULL CHECK (starts_at GLOB
                   '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]'),
    ends_at        TEXT NOT NULL CHECK (ends_at GLOB
                   '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]'),
    type           TEXT NOT NULL CHECK (type IN ('个别辅导', '团体辅导', '家长咨询', '危机评估', '随访')),
    channel        TEXT NOT NULL CHECK (channel IN ('面谈', '电话', '网络')),
    status         TEXT NOT NULL DEFAULT '已预约' CHECK (status IN ('已预约', '已到', '未到', '取消')),
    source         TEXT NOT NULL CHECK (source IN ('自主预约', '班主任推荐', '心理委员发现', '筛查', '转回')),
    is_walk_in     INTEGER NOT NULL DEFAULT 0,
    cancel_reason  TEXT NOT NULL DEFAULT '',
    cancelled_at   TEXT,
    late_cancel    INTEGER NOT NULL DEFAULT 0,        -- cancelled less than 24 h before the start
    note           TEXT NOT NULL DEFAULT '',          -- short and practical, never clinical
    confirm_reason TEXT NOT NULL DEFAULT '',          -- why it was booked outside opening hours
    created_by     INTEGER REFERENCES users(id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (starts_at < ends_at)
);
-- The week and day views ask by counselor or by room within a time range.
CREATE INDEX appointments_counselor_time ON appointments (counselor_id, starts_at);
CREATE INDEX appointments_room_time ON appointments (room_id, starts_at);
CREATE INDEX appointments_time ON appointments (starts_at);

-- One row per student: several for 团体辅导; 家长咨询 may name the student concerned.
CREATE TABLE appointment_students (
    appointment_id INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    student_id     INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    PRIMARY KEY (appointment_id, student_id)
) WITHOUT ROWID;
CREATE INDEX appointment_students_student ON appointment_students (student_id, appointment_id);

-- 候补名单: students waiting for a time with a counselor.
CREATE TABLE waitlist (
    id              INTEGER PRIMARY KEY,
    student_id      INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    counselor_id    INTEGER REFERENCES users(id),     -- the preferred counselor, if any
    preferred_times TEXT NOT NULL DEFAULT '',         -- e.g. 周二、周四午休
    reason          TEXT NOT NULL DEFAULT '',
    added_on        TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT '等待' CHECK (status IN ('等待', '已安排', '已取消')),
    appointment_id  INTEGER REFERENCES appointments(id) ON DELETE SET NULL,
    added_by        INTEGER REFERENCES users(id),
    updated_at      TEXT NOT NULL
);
CREATE INDEX waitlist_status ON waitlist (status, added_on);
