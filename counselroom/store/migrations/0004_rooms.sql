-- The counseling room's rooms, weekly opening hours and the school's own day overrides
-- (寒暑假、校历调整); national holidays come from a maintained library where it has the year.
CREATE TABLE rooms (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,         -- 个别辅导室一, 团体活动室, 沙盘室 …
    kind     TEXT NOT NULL,
    capacity INTEGER NOT NULL DEFAULT 1,
    active   INTEGER NOT NULL DEFAULT 1
);

-- Weekly opening periods (值班时段): weekday 0 = Monday.
CREATE TABLE opening_hours (
    id      INTEGER PRIMARY KEY,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start   TEXT NOT NULL,                 -- HH:MM
    end     TEXT NOT NULL,
    CHECK (start < end),
    UNIQUE (weekday, start)
);

-- A day the school says is closed (holiday) or open (a 调休 workday, then following the
-- opening hours of `follows_weekday`), overriding the national calendar.
CREATE TABLE school_days (
    day             TEXT PRIMARY KEY,      -- YYYY-MM-DD
    kind            TEXT NOT NULL CHECK (kind IN ('closed', 'open')),
    name            TEXT NOT NULL DEFAULT '',
    follows_weekday INTEGER CHECK (follows_weekday BETWEEN 0 AND 6)
);
