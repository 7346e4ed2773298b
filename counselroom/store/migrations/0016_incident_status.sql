-- Issue #11 item 4: what the leader in charge (校领导) sees of a 危机事件, kept in the school store
-- by a session holding the care key, in the transaction that changed the incident
-- (store/crisis/incident_status.py, like care_counts): that it exists, its status, its times and
-- its counts. Never its kind, risk, notes, place, or anyone's name or id.
CREATE TABLE incident_status (
    incident_id        INTEGER PRIMARY KEY,
    status             TEXT NOT NULL CHECK (status IN ('处置中', '待会签', '已结案')),
    opened_at          TEXT NOT NULL,
    leader_notified_at TEXT,               -- the first 通知分管校领导 on the time line
    closed_at          TEXT,
    aftercare_people   INTEGER NOT NULL DEFAULT 0 CHECK (aftercare_people >= 0),
    followups_planned  INTEGER NOT NULL DEFAULT 0 CHECK (followups_planned >= 0),
    followups_done     INTEGER NOT NULL DEFAULT 0 CHECK (followups_done >= 0)
) WITHOUT ROWID;
