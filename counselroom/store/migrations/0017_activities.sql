-- Issue #12: the school's psychological-education work that names no student — school store.
-- Talks and home visits name students: they are in the care store (0018). Staff, classes and
-- grades are in this store, so these tables may reference them.

-- 心理课: one row per class and lesson (a lesson given to 8 classes is 8 rows). S003 item 10,
-- S004 "每班每两周至少 1 个课时"; 课时 counted per row. `period` is the timetable's 节次 when known.
CREATE TABLE lessons (
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES classes(id),
    held_on     TEXT NOT NULL,
    period      INTEGER CHECK (period IS NULL OR period BETWEEN 1 AND 12),
    topic       TEXT NOT NULL DEFAULT '',
    teacher_id  INTEGER REFERENCES staff(id),
    hours       INTEGER NOT NULL DEFAULT 1 CHECK (hours BETWEEN 1 AND 8),
    source      TEXT NOT NULL DEFAULT '录入' CHECK (source IN ('录入', '课表导入')),
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX lessons_class_day ON lessons (class_id, held_on);
CREATE INDEX lessons_day ON lessons (held_on);
-- One lesson per class and 节次 on a day: a timetable imported twice adds nothing the second time.
CREATE UNIQUE INDEX lessons_class_period ON lessons (class_id, held_on, period) WHERE period IS NOT NULL;

-- 主题班团队会, 专题活动, 团体辅导, 心理委员培训指导, 家长学校, 宣传活动 (domain/activities/
-- school_activities.py). Scope 全校, one grade, or the classes listed in school_activity_classes.
CREATE TABLE school_activities (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('主题班团队会', '专题活动', '团体辅导', '心理委员培训指导',
                                               '家长学校', '宣传活动')),
    held_on      TEXT NOT NULL,
    title        TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (scope IN ('全校', '年级', '班级')),
    grade_id     INTEGER REFERENCES grades(id),
    organizer_id INTEGER REFERENCES staff(id),
    participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
    occasion     TEXT NOT NULL DEFAULT '',   -- 5·25心理健康日, 10·10世界精神卫生日 …
    form         TEXT NOT NULL DEFAULT '',   -- 展板, 广播, 校园心理情景剧, 家长会 …
    notes        TEXT NOT NULL DEFAULT '',
    recorded_by  INTEGER NOT NULL,
    recorded_at  TEXT NOT NULL,
    CHECK ((scope = '年级') = (grade_id IS NOT NULL))
);
CREATE INDEX school_activities_kind_day ON school_activities (kind, held_on);

CREATE TABLE school_activity_classes (
    activity_id INTEGER NOT NULL REFERENCES school_activities(id) ON DELETE CASCADE,
    class_id    INTEGER NOT NULL REFERENCES classes(id),
    PRIMARY KEY (activity_id, class_id)
) WITHOUT ROWID;
CREATE INDEX school_activity_classes_class ON school_activity_classes (class_id);

-- 培训: one person, one training. 学时 whole numbers as the certificates give them.
CREATE TABLE trainings (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    title       TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    hours       INTEGER NOT NULL CHECK (hours BETWEEN 0 AND 500),
    level       TEXT NOT NULL CHECK (level IN ('校级', '县级', '市级', '省级', '国家级')),
    kind        TEXT NOT NULL DEFAULT '专题培训' CHECK (kind IN ('专题培训', '选修课程')),
    organizer   TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX trainings_staff_day ON trainings (staff_id, held_on);

-- 会议 of 领导小组, 工作小组, 心理危机干预小组 and the 关爱工作会议 (S001, S003 item 37).
CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    body        TEXT NOT NULL CHECK (body IN ('心理健康教育领导小组', '心理健康教育工作小组', '心理危机干预小组',
                                              '心理健康教育和生命健康关爱工作会议')),
    held_on     TEXT NOT NULL,
    topic       TEXT NOT NULL,
    attendees   INTEGER NOT NULL DEFAULT 0 CHECK (attendees >= 0),
    decisions   TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX meetings_day ON meetings (held_on);

-- Room facts (SPEC §2; S001, S004 心理咨询室的建设): functional areas and their sizes, the rules in
-- force, and the budget line per school year. The room's use comes from appointments and duty logs.
CREATE TABLE room_areas (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,          -- 个体辅导室, 团体辅导室, 宣泄室, 放松室, 办公接待区 …
    size_m2   INTEGER NOT NULL CHECK (size_m2 BETWEEN 1 AND 2000),
    room_id   INTEGER REFERENCES rooms(id),  -- the bookable room it is, if any
    notes     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE room_rules (
    rule       TEXT PRIMARY KEY CHECK (rule IN ('辅导规程', '教师守则', '危机干预转介流程', '信息保密制度')),
    in_force   INTEGER NOT NULL DEFAULT 0 CHECK (in_force IN (0, 1)),
    adopted_on TEXT,
    posted     INTEGER NOT NULL DEFAULT 0 CHECK (posted IN (0, 1))  -- 上墙
) WITHOUT ROWID;

CREATE TABLE room_budget (
    year_name TEXT PRIMARY KEY,              -- 2025-2026
    amount    INTEGER NOT NULL CHECK (amount >= 0),  -- 元
    notes     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
