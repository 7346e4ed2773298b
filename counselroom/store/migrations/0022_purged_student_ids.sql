-- 到期清除 (issue #14): a purged student's id is never given to a new student. The audit log keeps
-- naming it (append-only), and a peer talk kept for others may keep it as its 心理委员; a new
-- student must not inherit either. The purge keeps the highest purged id in meta.
CREATE TRIGGER students_purged_ids_not_reused BEFORE INSERT ON students
WHEN NEW.id <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'students_purged_up_to')
BEGIN
    SELECT RAISE(ABORT, '这个学生编号属于已清除的学生，不能再用');
END;
