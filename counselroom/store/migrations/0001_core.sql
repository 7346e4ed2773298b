-- Core: installation facts, accounts, settings, the append-only audit chain, drafts.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('counselor', 'lead', 'principal', 'admin')),
    active               INTEGER NOT NULL DEFAULT 1,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_id     INTEGER,
    username    TEXT NOT NULL,
    role        TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能修改');
END;

-- INSERT OR REPLACE would delete a row without firing the delete trigger: only the next
-- sequence number may be inserted.
CREATE TRIGGER audit_log_append_only BEFORE INSERT ON audit_log
WHEN NEW.seq IS NULL OR NEW.seq <> (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
BEGIN
    SELECT RAISE(ABORT, '审计日志只能按顺序追加');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能删除');
END;

-- Unsaved text kept through an idle lock (SECURITY.md 15); inside the encrypted store.
CREATE TABLE drafts (
    user_id  INTEGER NOT NULL REFERENCES users(id),
    key      TEXT NOT NULL,
    text     TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
