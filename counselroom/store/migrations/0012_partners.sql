-- Issue #11 item 1: the hospitals and agencies the school works with (合作机构) — school
-- information, not about any student, so in the school store. S003 item 24: 定点合作 with a
-- 精神卫生医疗机构 and its 绿色通道; S004: 转介到其他专业心理咨询机构或医学心理诊治部门.
CREATE TABLE partners (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE,
    kind                 TEXT NOT NULL CHECK (kind IN ('医院', '机构')),
    designated           INTEGER NOT NULL DEFAULT 0 CHECK (designated IN (0, 1)),  -- 定点合作
    green_channel_name   TEXT NOT NULL DEFAULT '',   -- 绿色通道 contact person
    green_channel_phone  TEXT NOT NULL DEFAULT '',
    address              TEXT NOT NULL DEFAULT '',
    notes                TEXT NOT NULL DEFAULT '',
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at           TEXT NOT NULL
);
