-- Issue #8 (care): mentorships with a start and an end, telling parents about a warning entry,
-- the lead's co-signature on rejecting a red proposal, and the 六困生 in S000's own words.

-- 成长导师 (S003 item 26, S001 全员导师制): a mentorship starts and ends (a new mentor, or the
-- student leaves); ended ones are kept as history, counts use the open ones.
CREATE TABLE mentorships (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    started_on  TEXT NOT NULL,
    ended_on    TEXT,                       -- NULL while it lasts
    end_reason  TEXT NOT NULL DEFAULT '',   -- 更换导师 / 休学 / 转出 / 毕业
    assigned_by INTEGER REFERENCES users(id),
    ended_by    INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX mentorships_open_per_student ON mentorships (student_id) WHERE ended_on IS NULL;
CREATE INDEX mentorships_staff ON mentorships (staff_id) WHERE ended_on IS NULL;
INSERT INTO mentorships (student_id, staff_id, started_on, assigned_by)
    SELECT student_id, staff_id, since, assigned_by FROM mentors ORDER BY student_id;
-- A student who had already left keeps the record, ended when they left.
UPDATE mentorships SET end_reason = (SELECT s.status FROM students s WHERE s.id = mentorships.student_id),
    ended_on = coalesce(
        (SELECT s.left_on FROM students s WHERE s.id = mentorships.student_id),
        (SELECT max(c.on_date) FROM student_status_changes c
            WHERE c.student_id = mentorships.student_id AND c.to_status = '休学'),
        started_on)
    WHERE student_id IN (SELECT id FROM students WHERE status IN ('休学', '转出', '毕业'));
DROP TABLE mentors;

-- 家长告知 (S004 "及时与家长进行密切沟通"): when, how and by whom the guardian was told about a
-- warning entry, and what they said.
CREATE TABLE guardian_notices (
    id          INTEGER PRIMARY KEY,
    warning_id  INTEGER NOT NULL REFERENCES warnings(id) ON DELETE CASCADE,
    told_at     TEXT NOT NULL,
    channel     TEXT NOT NULL,              -- 电话 / 面谈 / 家访 / 微信 / 短信 / 其他
    told_by     TEXT NOT NULL,              -- who told them (a counselor, the 班主任 …)
    guardian    TEXT NOT NULL,              -- who was told (relation and name)
    response    TEXT NOT NULL,              -- what the guardian said
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX guardian_notices_warning ON guardian_notices (warning_id);

-- A counselor's rejection of a red proposal waits for the 心理中心负责人: the proposal stays
-- 待确认 until a lead confirms the rejection (or lists the student).
CREATE TABLE proposal_rejections (
    proposal_id  INTEGER PRIMARY KEY REFERENCES warning_proposals(id) ON DELETE CASCADE,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    requested_at TEXT NOT NULL,
    reason       TEXT NOT NULL
);
ALTER TABLE warning_proposals ADD COLUMN cosigned_by INTEGER REFERENCES users(id);

-- 六困生 as S000 names them: 生理困难生、心理困难生、经济困难生、学习困难生、就业困难生、其他困难学生.
UPDATE student_flags SET flag = '生理困难生' WHERE flag = '生理困难';
UPDATE student_flags SET flag = '心理困难生' WHERE flag = '心理困难';
UPDATE student_flags SET flag = '学习困难生' WHERE flag = '学习困难';
UPDATE student_flags SET flag = '就业困难生' WHERE flag = '就业困难';
UPDATE student_flags SET flag = '其他困难学生' WHERE flag = '其他困难';

-- Proposals say 症状程度, not a label that reads like a diagnosis.
UPDATE warning_proposals SET reason = replace(replace(replace(replace(replace(replace(replace(replace(replace(reason,
    '（无或极轻微抑郁症状）', '，症状程度：无或极轻微'),
    '（轻度抑郁症状）', '，症状程度：轻度'),
    '（中度抑郁症状）', '，症状程度：中度'),
    '（中重度抑郁症状）', '，症状程度：中重度'),
    '（重度抑郁症状）', '，症状程度：重度'),
    '（无或极轻微焦虑症状）', '，症状程度：无或极轻微'),
    '（轻度焦虑症状）', '，症状程度：轻度'),
    '（中度焦虑症状）', '，症状程度：中度'),
    '（重度焦虑症状）', '，症状程度：重度')
    WHERE status = '待确认';
