-- Issue #12: 六谈 and 家访 name students — care store. Students, staff and users live in the school
-- store: no foreign keys across the two files. Counts reach the school store through care_counts.

-- One talk (谈心谈话). The talker is a staff member (four categories), a 心理委员 (a student, for
-- 朋辈之间相互谈) or a guardian (学生家长倾心谈, by name and relation as told). A talk with three
-- students at once is one talk with three rows in talk_students; bulk entry for a class makes one
-- talk per student, sharing a batch number.
CREATE TABLE care.talks (
    id                INTEGER PRIMARY KEY,
    category          TEXT NOT NULL CHECK (category IN ('院校领导重点谈', '班主任/辅导员全面谈', '心理老师深入谈',
                                                        '专任老师用心谈', '朋辈之间相互谈', '学生家长倾心谈')),
    talker_kind       TEXT NOT NULL CHECK (talker_kind IN ('教职工', '心理委员', '家长')),
    talker_staff_id   INTEGER,
    talker_student_id INTEGER,
    talker_name       TEXT NOT NULL DEFAULT '',   -- a guardian: 张XX（母亲）
    held_on           TEXT NOT NULL,
    topic             TEXT NOT NULL DEFAULT '',
    follow_up         INTEGER NOT NULL DEFAULT 0 CHECK (follow_up IN (0, 1)),
    batch             INTEGER,
    recorded_by       INTEGER NOT NULL,
    recorded_at       TEXT NOT NULL,
    CHECK ((talker_kind = '教职工') = (talker_staff_id IS NOT NULL)),
    CHECK ((talker_kind = '心理委员') = (talker_student_id IS NOT NULL)),
    CHECK (talker_kind <> '家长' OR talker_name <> '')
);
CREATE INDEX care.talks_day ON talks (held_on, category);
CREATE INDEX care.talks_batch ON talks (batch) WHERE batch IS NOT NULL;

CREATE TABLE care.talk_students (
    talk_id    INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL,
    PRIMARY KEY (talk_id, student_id)
) WITHOUT ROWID;
CREATE INDEX care.talk_students_student ON talk_students (student_id);

-- One 家访: the students it covers (siblings at the school share one visit), how, by whom.
CREATE TABLE care.home_visits (
    id           INTEGER PRIMARY KEY,
    held_on      TEXT NOT NULL,
    mode         TEXT NOT NULL CHECK (mode IN ('实地', '电话', '微信')),
    visitor_id   INTEGER NOT NULL,              -- staff id of the teacher who visited
    companions   TEXT NOT NULL DEFAULT '',      -- others who went along
    met_with     TEXT NOT NULL DEFAULT '',      -- 母亲, 祖父母 …
    summary      TEXT NOT NULL DEFAULT '',
    follow_up    INTEGER NOT NULL DEFAULT 0 CHECK (follow_up IN (0, 1)),
    batch        INTEGER,
    recorded_by  INTEGER NOT NULL,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX care.home_visits_day ON home_visits (held_on);

CREATE TABLE care.home_visit_students (
    visit_id   INTEGER NOT NULL REFERENCES home_visits(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL,
    PRIMARY KEY (visit_id, student_id)
) WITHOUT ROWID;
CREATE INDEX care.home_visit_students_student ON home_visit_students (student_id);
