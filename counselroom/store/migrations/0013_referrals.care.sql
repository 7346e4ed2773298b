-- Issue #11 item 2: 转介 and 随访 in the care store. A referral is about one student, optionally
-- within a case; the state machine lives in domain/referrals/referral_rules.py and this CHECK
-- lists its states. Students, users, partners are in the school store: no foreign keys across.
CREATE TABLE care.referrals (
    id               INTEGER PRIMARY KEY,
    student_id       INTEGER NOT NULL,
    case_id          INTEGER REFERENCES cases(id),
    counselor_id     INTEGER NOT NULL,              -- responsible (负责) counselor
    state            TEXT NOT NULL DEFAULT '建议转介' CHECK (state IN (
                         '建议转介', '家长已知情同意', '家长拒绝', '已转介', '已收到反馈', '随访中', '已结束')),
    reason           TEXT NOT NULL,                 -- why a referral is suggested: what was seen, never a diagnosis
    suggested_on     TEXT NOT NULL,
    due_on           TEXT,                          -- when the current state's next step is due
    guardian         TEXT NOT NULL DEFAULT '',      -- who was informed: 母亲 / 父亲 / 监护人 …
    informed_on      TEXT,
    informed_how     TEXT NOT NULL DEFAULT '',      -- 面谈 / 电话 / 书面告知书
    consent_form     INTEGER NOT NULL DEFAULT 0,    -- a signed 知情同意书 received
    refusal_plan     TEXT NOT NULL DEFAULT '',      -- after 家长拒绝: what the school does meanwhile
    partner_id       INTEGER,
    referred_on      TEXT,
    sent_items       TEXT NOT NULL DEFAULT '[]',    -- JSON list from a fixed vocabulary: the minimum
    feedback_on      TEXT,
    feedback_source  TEXT NOT NULL DEFAULT '',      -- 医院反馈 / 机构反馈 / 家长转述
    feedback         TEXT NOT NULL DEFAULT '',      -- what matters for school support, within confidentiality
    closed_on        TEXT,
    close_summary    TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX care.referrals_student ON referrals (student_id);
CREATE INDEX care.referrals_counselor ON referrals (counselor_id, state);

-- 随访 on a schedule: each with its due date, and once done, when, by whom and a note.
CREATE TABLE care.referral_follow_ups (
    id           INTEGER PRIMARY KEY,
    referral_id  INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    due_on       TEXT NOT NULL,
    done_on      TEXT,
    note         TEXT NOT NULL DEFAULT '',
    scheduled_by INTEGER NOT NULL,
    done_by      INTEGER,
    created_at   TEXT NOT NULL
);
CREATE INDEX care.referral_follow_ups_open ON referral_follow_ups (referral_id, due_on) WHERE done_on IS NULL;

-- Every step: who, when, what (建议转介 家长同意 家长拒绝 已转介 收到反馈 安排随访 完成随访 结束).
CREATE TABLE care.referral_history (
    id          INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    changed_at  TEXT NOT NULL,
    changed_by  INTEGER NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX care.referral_history_referral ON referral_history (referral_id);
