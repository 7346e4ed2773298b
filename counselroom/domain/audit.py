"""Audit actions and the hash chain rule (SECURITY.md 9). Pure: the store does the writing."""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import asdict, dataclass

GENESIS_HASH = "0" * 64


class AuditAction(enum.StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    RECOVERY_UNLOCK = "recovery_unlock"
    LOCK = "lock"
    UNLOCK = "unlock"
    LOGOUT = "logout"
    SCHOOL_CREATED = "school_created"
    ACCOUNT_CREATED = "account_created"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    DEVICE_ENROLLED = "device_enrolled"
    SETTINGS_CHANGED = "settings_changed"
    INTEGRITY_CHECK = "integrity_check"
    AUDIT_VIEWED = "audit_viewed"
    DEMO_GENERATED = "demo_generated"
    CASE_OPENED = "case_opened"
    NOTE_OPENED = "note_opened"
    NOTES_SEARCHED = "notes_searched"
    PRINTED = "printed"
    EXPORTED = "exported"
    BACKUP = "backup"
    RESTORE = "restore"
    PURGE = "purge"
    CONFIDENTIALITY_EXCEPTION = "confidentiality_exception"
    ACCESS_DENIED = "access_denied"
    ENROLMENT_VIEWED = "roster_viewed"
    ENROLMENT_IMPORTED = "roster_imported"
    SCREENING_IMPORTED = "screening_imported"
    SCREENING_ENTERED = "screening_entered"
    SCREENING_VIEWED = "screening_viewed"
    STUDENT_FILE_OPENED = "student_file_opened"
    STUDENT_UPDATED = "student_updated"
    WARNING_CHANGED = "warning_changed"
    WARNING_LIST_VIEWED = "warning_list_viewed"
    PROPOSAL_DECIDED = "proposal_decided"
    MENTOR_ASSIGNED = "mentor_assigned"
    CARE_PLAN_SAVED = "care_plan_saved"
    PEER_REPORT_RECORDED = "peer_report_recorded"
    PEER_MONITORS_SET = "peer_monitors_set"
    TERM_ROLLOVER = "term_rollover"
    STAFF_CHANGED = "staff_changed"
    DUTY_ROTA_PUBLISHED = "duty_roster_published"
    DUTY_SWAPPED = "duty_swapped"
    DUTY_LOG_WRITTEN = "duty_log_written"
    DUTY_LOG_VIEWED = "duty_log_viewed"
    APPOINTMENT_CHANGED = "appointment_changed"
    CARE_ACCESS_CONFIRMED = "care_access_confirmed"
    CASE_CHANGED = "case_changed"
    CARE_ACCESS_REVOKED = "care_access_revoked"
    STORES_SPLIT = "stores_split"
    AUDIT_BREAK_ACKNOWLEDGED = "audit_break_acknowledged"
    CARE_COUNTS_REFRESHED = "care_counts_refreshed"
    INCIDENT_OPENED = "incident_opened"  # a 危机事件 read
    INCIDENT_CHANGED = "incident_changed"
    CRISIS_PLAN_SAVED = "crisis_plan_saved"
    PARTNER_CHANGED = "partner_changed"
    REFERRAL_OPENED = "referral_opened"
    REFERRALS_VIEWED = "referrals_viewed"
    REFERRAL_CHANGED = "referral_changed"
    ACTIVITY_CHANGED = "activity_changed"  # detail 记录 / 删除; object_type talk, home_visit, lesson …
    REPORT_NOTES_SAVED = "report_notes_saved"  # object the term; never the text

    @property
    def label(self) -> str:
        return AUDIT_LABELS.get(self, self.value)


AUDIT_LABELS = {
    AuditAction.LOGIN: "登录",
    AuditAction.CARE_ACCESS_CONFIRMED: "确认心理档案访问权限",
    AuditAction.CASE_CHANGED: "个案变更",
    AuditAction.CARE_ACCESS_REVOKED: "撤销心理档案访问权限",
    AuditAction.STORES_SPLIT: "心理档案移入关爱数据文件",
    AuditAction.AUDIT_BREAK_ACKNOWLEDGED: "确认已知悉审计日志断裂",
    AuditAction.CARE_COUNTS_REFRESHED: "重新计算汇总统计",
    AuditAction.INCIDENT_OPENED: "打开危机事件",
    AuditAction.INCIDENT_CHANGED: "危机事件处置",
    AuditAction.CRISIS_PLAN_SAVED: "修改危机干预预案",
    AuditAction.LOGIN_FAILED: "登录失败",
    AuditAction.RECOVERY_UNLOCK: "恢复密钥解锁",
    AuditAction.LOCK: "锁定",
    AuditAction.UNLOCK: "解锁",
    AuditAction.LOGOUT: "退出登录",
    AuditAction.SCHOOL_CREATED: "创建学校",
    AuditAction.ACCOUNT_CREATED: "新建账号",
    AuditAction.PASSWORD_CHANGED: "修改密码",
    AuditAction.PASSWORD_RESET: "重设密码",
    AuditAction.ACCOUNT_DEACTIVATED: "停用账号",
    AuditAction.DEVICE_ENROLLED: "本机重新登记",
    AuditAction.SETTINGS_CHANGED: "修改设置",
    AuditAction.INTEGRITY_CHECK: "完整性检查",
    AuditAction.AUDIT_VIEWED: "查看审计日志",
    AuditAction.DEMO_GENERATED: "生成演示数据",
    AuditAction.CASE_OPENED: "打开个案",
    AuditAction.NOTE_OPENED: "打开辅导记录",
    AuditAction.NOTES_SEARCHED: "检索心理档案",
    AuditAction.PRINTED: "打印",
    AuditAction.EXPORTED: "导出",
    AuditAction.BACKUP: "备份",
    AuditAction.RESTORE: "恢复",
    AuditAction.PURGE: "到期清除",
    AuditAction.CONFIDENTIALITY_EXCEPTION: "保密例外",
    AuditAction.ACCESS_DENIED: "拒绝访问",
    AuditAction.ENROLMENT_VIEWED: "查看名单",
    AuditAction.ENROLMENT_IMPORTED: "导入名单",
    AuditAction.SCREENING_IMPORTED: "导入测评",
    AuditAction.SCREENING_ENTERED: "录入测评",
    AuditAction.SCREENING_VIEWED: "查看测评",
    AuditAction.STUDENT_FILE_OPENED: "打开学生档案",
    AuditAction.STUDENT_UPDATED: "修改学生档案",
    AuditAction.WARNING_CHANGED: "预警名单变动",
    AuditAction.WARNING_LIST_VIEWED: "查看预警名单",
    AuditAction.PROPOSAL_DECIDED: "处理预警建议",
    AuditAction.MENTOR_ASSIGNED: "安排成长导师",
    AuditAction.CARE_PLAN_SAVED: "保存一人一案",
    AuditAction.PEER_REPORT_RECORDED: "登记心理委员报告",
    AuditAction.PEER_MONITORS_SET: "设置心理委员",
    AuditAction.TERM_ROLLOVER: "学年升级",
    AuditAction.STAFF_CHANGED: "教职工变动",
    AuditAction.DUTY_ROTA_PUBLISHED: "发布值班表",
    AuditAction.DUTY_SWAPPED: "调班",
    AuditAction.DUTY_LOG_WRITTEN: "写值班记录",
    AuditAction.DUTY_LOG_VIEWED: "查看值班记录",
    AuditAction.APPOINTMENT_CHANGED: "预约变动",
    AuditAction.PARTNER_CHANGED: "合作机构变动",
    AuditAction.REFERRAL_OPENED: "打开转介",
    AuditAction.REFERRALS_VIEWED: "查看转介列表",
    AuditAction.REFERRAL_CHANGED: "转介变动",
    AuditAction.ACTIVITY_CHANGED: "活动记录变动",
    AuditAction.REPORT_NOTES_SAVED: "保存自查报告的问题与改进措施",
}


OBJECT_LABELS = {
    "user": "账号",
    "setting": "设置",
    "student": "学生",
    "student_return": "复学",
    "return_checkin": "复学随访",
    "case": "个案",
    "note": "辅导记录",
    "search_query": "检索记录",  # the id of the care store's search_queries row: never the text
    "roster": "名单",
    "screening_result": "测评结果",
    "screening_batch": "测评批次",
    "duty_roster": "值班表",
    "duty_slot": "值班班次",
    "duty_swap": "调班",
    "duty_staff": "值班教师",
    "appointment": "预约",
    "waitlist": "候补",
    "incident": "危机事件",
    "aftercare_followup": "事后安抚随访",
    "confidentiality_exception": "保密例外",
    "partner": "合作机构",
    "referral": "转介",
    "talk": "谈心谈话",
    "home_visit": "家访",
    "lesson": "心理课",
    "school_activity": "活动",
    "training": "培训",
    "meeting": "会议",
    "room_facts": "辅导室信息",
    "term": "学期",
    "purged_student": "已清除的学生（化名）",  # the PURGE row: a pseudonym, never a name or id
}


class Outcome(enum.StrEnum):
    OK = "ok"
    DENIED = "denied"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {"ok": "成功", "denied": "拒绝", "failed": "失败"}[self.value]


@dataclass(frozen=True)
class AuditEntry:
    """One audit row as it is hashed. `at` is an ISO timestamp with seconds."""

    seq: int
    at: str
    user_id: int | None
    username: str
    role: str
    action: str
    object_type: str
    object_id: str
    outcome: str
    reason: str
    detail: str


def chain_hash(previous_hash: str, entry: AuditEntry) -> str:
    """SHA-256(previous hash ‖ canonical row): any edit, insert or removal breaks the chain."""
    canonical = json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(previous_hash.encode("ascii") + canonical.encode("utf-8")).hexdigest()
