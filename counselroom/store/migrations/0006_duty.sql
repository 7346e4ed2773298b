-- 值班: who may be on duty and when, the published term rosters, their slots, swaps (调班, kept
-- for ever) and the duty log (值班记录). Days are YYYY-MM-DD and clock times HH:MM, like the
-- opening hours, so that `day || 'T' || start` sorts in time order.

-- A teacher who takes duty: when (weekly opening periods) and how often at most.
CREATE TABLE duty_staff (
    staff_id     INTEGER PRIMARY KEY REFERENCES staff(id),
    availability TEXT NOT NULL DEFAULT 'all',   -- 'all', or JSON [[weekday, "HH:MM"], …] of periods
    max_per_week INTEGER CHECK (max_per_week IS NULL OR max_per_week >= 0),   -- NULL: no limit
    max_per_term INTEGER CHECK (max_per_term IS NULL OR max_per_term >= 0),
    active       INTEGER NOT NULL DEFAULT 1,
    updated_at   TEXT NOT NULL
);

-- One publication of a term's roster; a later one replaces the slots still to come.
CREATE TABLE duty_rosters (
    id           INTEGER PRIMARY KEY,
    term_id      INTEGER NOT NULL REFERENCES terms(id),
    generated_at TEXT NOT NULL,
    generated_by INTEGER REFERENCES users(id),
    published_at TEXT,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX duty_rosters_term ON duty_rosters (term_id);

-- A slot and who is on duty. Replaced slots stay (published = 0) for their swaps and logs.
CREATE TABLE duty_assignments (
    id        INTEGER PRIMARY KEY,
    roster_id INTEGER NOT NULL REFERENCES duty_rosters(id),
    day       TEXT NOT NULL,
    start     TEXT NOT NULL,
    end       TEXT NOT NULL,
    staff_id  INTEGER NOT NULL REFERENCES staff(id),
    published INTEGER NOT NULL DEFAULT 1,
    CHECK (start < end)
);
-- One person in force per slot.
CREATE UNIQUE INDEX duty_assignments_slot ON duty_assignments (day, start) WHERE published = 1;
CREATE INDEX duty_assignments_staff ON duty_assignments (staff_id, day);

-- 调班: requested, then approved or declined; never deleted.
CREATE TABLE duty_swaps (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER NOT NULL REFERENCES duty_assignments(id),
    from_staff_id  INTEGER NOT NULL REFERENCES staff(id),
    to_staff_id    INTEGER NOT NULL REFERENCES staff(id),
    reason         TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT '待批准' CHECK (status IN ('待批准', '已批准', '未批准')),
    override       INTEGER NOT NULL DEFAULT 0,  -- approved although a limit or availability broke
    requested_by   INTEGER REFERENCES users(id),
    requested_at   TEXT NOT NULL,
    approved_by    INTEGER REFERENCES users(id),
    approved_at    TEXT,
    decision_note  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX duty_swaps_assignment ON duty_swaps (assignment_id);

-- 值班记录: one per slot. The text may name students: read like a care record.
CREATE TABLE duty_logs (
    id             INTEGER PRIMARY KEY,
    assignment_id  INTEGER UNIQUE REFERENCES duty_assignments(id),
    day            TEXT NOT NULL,
    start          TEXT NOT NULL,
    end            TEXT NOT NULL,
    came_staff_id  INTEGER REFERENCES staff(id),  -- who actually came; NULL: nobody
    visitors       INTEGER NOT NULL DEFAULT 0 CHECK (visitors >= 0),
    calls          INTEGER NOT NULL DEFAULT 0 CHECK (calls >= 0),
    events         TEXT NOT NULL DEFAULT '',
    handover       TEXT NOT NULL DEFAULT '',
    written_by     INTEGER REFERENCES users(id),
    written_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX duty_logs_slot ON duty_logs (day, start);
