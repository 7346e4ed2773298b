"""设置: the school and idle lock, the policy profile (政策依据), accounts (admin), the 合作机构 and the
危机干预预案 (counselors and the lead), one's own password, the audit log."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counselroom.domain.changes import ChangeKind
from counselroom.domain.roles import Permission
from counselroom.gui.care.mentor_limit import MentorLimitRow
from counselroom.gui.lazy_tab import LazyTab
from counselroom.gui.models import AccountTableModel, AuditTableModel
from counselroom.gui.pages.base import Page
from counselroom.gui.service_runner import ServiceRunner
from counselroom.gui.session.account_dialogs import AddAccountDialog, ChangePasswordDialog, ResetPasswordDialog
from counselroom.gui.session.care_access_dialogs import RecoveryKeyConfirmDialog, ask_to_confirm, ask_to_revoke
from counselroom.gui.tables import read_only_table
from counselroom.gui.widgets import hint_label, primary_button, title_label
from counselroom.services.accounts import accounts, audit_trail, care_access, integrity
from counselroom.services.school import school_info

if TYPE_CHECKING:  # each imported when its tab is first opened (room_setup_tab brought reportlab with it)
    from counselroom.gui.pages.room_setup_tab import RoomSetupTab
    from counselroom.gui.pages.school_tabs import ClassesTab, StaffTab, TermsTab
    from counselroom.gui.settings.backup_tab import BackupTab
    from counselroom.gui.settings.crisis_plan_tab import CrisisPlanTab
    from counselroom.gui.settings.partners_tab import PartnersTab
    from counselroom.gui.settings.policy_tab import PolicyTab
    from counselroom.gui.settings.retention_tab import RetentionTab
    from counselroom.gui.settings.room_facts_tab import RoomFactsTab

POLICY, TERMS, ROOMS, ROOM_FACTS = "政策依据", "学年学期", "辅导室与开放时间", "辅导室建设"
CLASSES, STAFF, PARTNERS, CRISIS_PLAN = "班级", "教职工", "合作机构", "危机干预预案"
BACKUPS, RETENTION = "备份", "到期清除"


def _loaded(tab: QWidget) -> QWidget:
    """A tab built after the page loaded shows the current data at once."""
    tab.refresh()  # type: ignore[attr-defined]
    return tab


def _table(model: AccountTableModel | AuditTableModel) -> QTableView:
    view = read_only_table(model)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return view


class SettingsPage(Page):
    title = "设置"
    refresh_on = frozenset(
        {
            ChangeKind.ACCOUNTS,
            ChangeKind.BACKUPS,
            ChangeKind.SETTINGS,
            ChangeKind.CLASSES,
            ChangeKind.STUDENTS,
            ChangeKind.ROOMS,
        }
    )

    def __init__(self, runner: ServiceRunner, parent: QWidget | None = None):
        super().__init__(runner, parent)
        self.tabs = QTabWidget()
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(title_label("设置"))
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._school_tab(), "学校与锁定")
        # The first tab is built with the page; the others when first opened (or reached through their
        # attribute, e.g. `page.policy_tab`), loaded as they are built: fourteen tabs built and loaded with
        # the page cost 400 ms on the 5,000-student demo.
        self.holders: dict[str, LazyTab[QWidget]] = {}
        actor = runner.actor
        self._lazy(POLICY, "counselroom.gui.settings.policy_tab", "PolicyTab")
        self._lazy(TERMS, "counselroom.gui.pages.school_tabs", "TermsTab")
        self._lazy(ROOMS, "counselroom.gui.pages.room_setup_tab", "RoomSetupTab")
        self._lazy(ROOM_FACTS, "counselroom.gui.settings.room_facts_tab", "RoomFactsTab")
        self.account_model = AccountTableModel()
        self.audit_model = AuditTableModel()
        if self._sees_accounts():
            self.tabs.addTab(self._accounts_tab(), "账号")
        if actor.can(Permission.VIEW_ROSTER):
            self._lazy(CLASSES, "counselroom.gui.pages.school_tabs", "ClassesTab")
            self._lazy(STAFF, "counselroom.gui.pages.school_tabs", "StaffTab")
        if actor.can(Permission.VIEW_PARTNERS):
            self._lazy(PARTNERS, "counselroom.gui.settings.partners_tab", "PartnersTab")
        if actor.can(Permission.READ_CRISIS_PLAN):
            self._lazy(CRISIS_PLAN, "counselroom.gui.settings.crisis_plan_tab", "CrisisPlanTab")
        if actor.can(Permission.MAKE_BACKUPS):
            self._lazy(BACKUPS, "counselroom.gui.settings.backup_tab", "BackupTab")
        # The period is the lead's or the admin's to set; the list and the purge are the lead's alone.
        if actor.can(Permission.SET_RETENTION):
            self._lazy(RETENTION, "counselroom.gui.settings.retention_tab", "RetentionTab")
        self.tabs.addTab(self._my_account_tab(), "我的账号")
        if runner.actor.can(Permission.VIEW_AUDIT):
            self.tabs.addTab(self._audit_tab(), "审计日志")
        self.refresh()

    # -- tabs --------------------------------------------------------------------------
    def _lazy(self, title: str, module: str, name: str) -> None:
        """Tab `title`, the class `name` of `module`: the module, the tab and its data all wait until
        the tab is first opened."""
        holder: LazyTab[QWidget] = LazyTab(lambda: _loaded(getattr(importlib.import_module(module), name)(self.runner)))
        holder.attach(self.tabs, title)
        self.holders[title] = holder

    def _tab(self, title: str) -> Any:
        """The tab titled `title`, built and loaded now if nobody has opened it yet; None when this
        user has no such tab."""
        holder = self.holders.get(title)
        return holder.built() if holder is not None else None

    @property
    def policy_tab(self) -> PolicyTab:
        return cast("PolicyTab", self._tab(POLICY))

    @property
    def terms_tab(self) -> TermsTab:
        return cast("TermsTab", self._tab(TERMS))

    @property
    def room_tab(self) -> RoomSetupTab:
        return cast("RoomSetupTab", self._tab(ROOMS))

    @property
    def room_facts_tab(self) -> RoomFactsTab:
        return cast("RoomFactsTab", self._tab(ROOM_FACTS))

    @property
    def classes_tab(self) -> ClassesTab | None:
        return cast("ClassesTab | None", self._tab(CLASSES))

    @property
    def staff_tab(self) -> StaffTab | None:
        return cast("StaffTab | None", self._tab(STAFF))

    @property
    def partners_tab(self) -> PartnersTab | None:
        return cast("PartnersTab | None", self._tab(PARTNERS))

    @property
    def crisis_plan_tab(self) -> CrisisPlanTab | None:
        return cast("CrisisPlanTab | None", self._tab(CRISIS_PLAN))

    @property
    def backup_tab(self) -> BackupTab | None:
        return cast("BackupTab | None", self._tab(BACKUPS))

    @property
    def retention_tab(self) -> RetentionTab | None:
        return cast("RetentionTab | None", self._tab(RETENTION))

    def _school_tab(self) -> QWidget:
        tab = QWidget()
        self.school_name = QLabel()
        self.school_size = QLabel()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(school_info.MIN_IDLE_MINUTES, school_info.MAX_IDLE_MINUTES)
        self.idle_minutes.setSuffix(" 分钟")
        self.save_idle = QPushButton("保存")
        can_edit = self.runner.actor.can(Permission.MANAGE_SETTINGS)
        self.idle_minutes.setEnabled(can_edit)
        self.save_idle.setEnabled(can_edit)
        row = QHBoxLayout()
        row.addWidget(self.idle_minutes)
        row.addWidget(self.save_idle)
        row.addStretch(1)
        form = QFormLayout(tab)
        form.addRow("学校", self.school_name)
        form.addRow("规模", self.school_size)
        form.addRow("空闲自动锁定", row)
        self.mentor_limit = MentorLimitRow(self.runner)
        form.addRow("成长导师人数提醒", self.mentor_limit)
        form.addRow(
            hint_label(
                "无人操作达到设定时间后自动锁定，未保存的文字会加密保留。随时可按 Ctrl+L 锁定，按 F12 开关隐私屏。"
            )
        )
        self.save_idle.clicked.connect(self._save_idle)
        return tab

    def _sees_accounts(self) -> bool:
        """The admin manages accounts; a lead confirms colleagues' access to the care records."""
        actor = self.runner.actor
        return actor.can(Permission.MANAGE_ACCOUNTS) or actor.role_grants(Permission.CONFIRM_CARE_ACCESS)

    def _accounts_tab(self) -> QWidget:
        tab = QWidget()
        actor = self.runner.actor
        self.accounts_view = _table(self.account_model)
        self.add_account_button = primary_button("新建账号")
        self.reset_button = QPushButton("设置临时密码")
        self.deactivate_button = QPushButton("停用账号")
        self.confirm_button = primary_button("确认心理档案访问")
        self.revoke_button = QPushButton("撤销访问")
        self.recovery_confirm_button = QPushButton("用恢复密钥确认…")
        buttons = QHBoxLayout()
        for button, shown in (
            (self.add_account_button, actor.can(Permission.MANAGE_ACCOUNTS)),
            (self.reset_button, actor.can(Permission.MANAGE_ACCOUNTS)),
            (self.deactivate_button, actor.can(Permission.MANAGE_ACCOUNTS)),
            (self.confirm_button, actor.can(Permission.CONFIRM_CARE_ACCESS)),
            (self.revoke_button, actor.can(Permission.CONFIRM_CARE_ACCESS)),
            (self.recovery_confirm_button, True),  # the admin or a lead, for the first lead
        ):
            button.setVisible(shown)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(
            hint_label(
                "心理档案（预警、测评、个案等）单独加密。管理员新建的账号只能使用学校信息；"
                "心理教师修改临时密码后，由心理中心负责人核对其密钥指纹并确认，才能打开心理档案。"
                "第一位负责人用建校时打印的恢复密钥确认。校领导和管理员账号不能获得心理档案。"
            )
        )
        layout.addLayout(buttons)
        layout.addWidget(self.accounts_view)
        self.add_account_button.clicked.connect(self.add_account)
        self.reset_button.clicked.connect(self.reset_password)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.confirm_button.clicked.connect(self.confirm_care_access)
        self.revoke_button.clicked.connect(self.revoke_care_access)
        self.recovery_confirm_button.clicked.connect(self.confirm_with_recovery_key)
        return tab

    def _my_account_tab(self) -> QWidget:
        tab = QWidget()
        actor = self.runner.actor
        self.change_password_button = QPushButton("修改密码")
        form = QFormLayout(tab)
        form.addRow("用户名", QLabel(actor.username))
        form.addRow("姓名", QLabel(actor.display_name))
        form.addRow("角色", QLabel(actor.role.label))
        self.own_care_access = QLabel()
        self.own_fingerprint = QLabel()
        form.addRow("心理档案", self.own_care_access)
        form.addRow("密钥指纹", self.own_fingerprint)
        form.addRow("", hint_label("心理中心负责人确认您的访问权限前，会请您念出这串指纹核对。"))
        form.addRow("", self.change_password_button)
        self.change_password_button.clicked.connect(lambda: self.change_password(required=False))
        return tab

    def _audit_tab(self) -> QWidget:
        tab = QWidget()
        self.audit_view = _table(self.audit_model)
        self.load_audit_button = QPushButton("显示最近 200 条")
        self.check_button = QPushButton("完整性检查")
        self.acknowledge_button = QPushButton("确认已知悉…")
        self.acknowledge_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.load_audit_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.acknowledge_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addWidget(
            hint_label(
                "每次登录、查看、打印、导出和账号变动都记入审计日志，日志只能追加，改动任何一条都会被完整性检查发现。"
            )
        )
        layout.addLayout(buttons)
        layout.addWidget(self.check_result)
        layout.addWidget(self.audit_view)
        self.load_audit_button.clicked.connect(self.load_audit)
        self.check_button.clicked.connect(self.run_check)
        self.acknowledge_button.clicked.connect(self.acknowledge_breaks)
        return tab

    # -- actions -----------------------------------------------------------------------
    def refresh(self) -> None:
        overview = self.runner.call(school_info.school_overview, parent=self)
        if overview is not None:
            self.school_name.setText(overview.name)
            self.school_size.setText(
                f"在读学生 {overview.students} 人，{overview.classes} 个班，教职工 {overview.staff} 人"
            )
            self.idle_minutes.setValue(overview.idle_lock_minutes)
        for holder in self.holders.values():  # the tabs built so far; the others load when opened
            holder.refresh()
        if self._sees_accounts():
            rows = self.runner.call(accounts.list_accounts, parent=self)
            self.account_model.set_rows(rows or [])
        own = self.runner.call(accounts.own_keys, parent=self)
        if own is not None:
            self.own_care_access.setText(own.care_access)
            self.own_fingerprint.setText(own.fingerprint or "—")

    def collect_drafts(self) -> dict[str, str]:
        holder = self.holders.get(CRISIS_PLAN)
        plan = holder.content if holder is not None else None  # a tab never opened holds no typing
        return plan.draft() if plan is not None else {}  # type: ignore[attr-defined]

    def restore_drafts(self, drafts: dict[str, str]) -> None:
        if CRISIS_PLAN not in self.holders:
            return
        from counselroom.gui.settings.crisis_plan_tab import DRAFT_KEY

        if DRAFT_KEY in drafts:  # kept through a lock: the tab is built to hold it again
            self.crisis_plan_tab.restore(drafts)  # type: ignore[union-attr]

    def _save_idle(self) -> None:
        self.runner.call(school_info.set_idle_lock_minutes, minutes=self.idle_minutes.value(), parent=self)

    def _selected_account(self) -> accounts.Account | None:
        rows = self.accounts_view.selectionModel().selectedRows()
        return self.account_model.row_at(rows[0].row()) if rows else None

    def add_account(self) -> None:
        dialog = AddAccountDialog(self)
        while dialog.exec():
            done = self.runner.call(
                accounts.add_account,
                username=dialog.username.text(),
                display_name=dialog.display_name.text(),
                role=dialog.chosen_role(),
                password=dialog.passwords.password.text(),
                keys=self.runner.keys,
                parent=dialog,
            )
            if done is not None:
                return

    def reset_password(self) -> None:
        account = self._selected_account()
        if account is None:
            return
        dialog = ResetPasswordDialog(account.username, self)
        while dialog.exec():
            if (
                self.runner.call(
                    accounts.reset_password,
                    user_id=account.user_id,
                    new_password=dialog.passwords.password.text(),
                    keys=self.runner.keys,
                    parent=dialog,
                )
                is not None
            ):
                return

    def deactivate(self) -> None:
        account = self._selected_account()
        if account is None:
            return
        answer = QMessageBox.question(
            self,
            "停用账号",
            f"停用 {account.display_name}（{account.username}）后，此账号不能再登录，"
            "其操作记录保留在审计日志中。确定停用吗？",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.runner.call(accounts.deactivate_account, user_id=account.user_id, parent=self)

    def confirm_care_access(self) -> None:
        account = self._selected_account()
        if account is None or not ask_to_confirm(self, account):
            return
        self.runner.call(
            care_access.confirm_care_access, user_id=account.user_id, fingerprint=account.fingerprint, parent=self
        )

    def revoke_care_access(self) -> None:
        account = self._selected_account()
        if account is None or not ask_to_revoke(self, account):
            return
        self.runner.call(care_access.revoke_care_access, user_id=account.user_id, parent=self)

    def confirm_with_recovery_key(self) -> None:
        account = self._selected_account()
        if account is None:
            QMessageBox.information(self, "用恢复密钥确认", "请先在列表中选中要确认的账号。")
            return
        dialog = RecoveryKeyConfirmDialog(account, self)
        while dialog.exec():
            done = self.runner.call(
                care_access.confirm_with_recovery_key,
                user_id=account.user_id,
                recovery_key=dialog.recovery_key.text(),
                parent=dialog,
            )
            if done is not None:
                if account.user_id == self.runner.actor.user_id:
                    QMessageBox.information(self, "已确认", "已确认。请退出后重新登录，以打开心理档案。")
                return

    def change_password(self, *, required: bool) -> bool:
        dialog = ChangePasswordDialog(self, required=required)
        while dialog.exec():
            if (
                self.runner.call(
                    accounts.change_own_password,
                    old_password=dialog.old_password.text(),
                    new_password=dialog.passwords.password.text(),
                    keys=self.runner.keys,
                    parent=dialog,
                )
                is not None
            ):
                return True
        return False

    def load_audit(self) -> None:
        rows = self.runner.call(audit_trail.recent_audit, parent=self)
        self.audit_model.set_rows(rows or [])

    def run_check(self) -> None:
        report = self.runner.call(integrity.check_database, parent=self)
        if report is None:
            return
        if report.ok:
            self.check_result.setText(f"检查通过：数据库完好，审计日志 {report.audit_rows} 条，链条完整。")
        else:
            self.check_result.setText("检查发现问题：\n" + "\n".join(report.problems))
        self.acknowledge_button.setVisible(not report.ok and self.runner.actor.can(Permission.ACKNOWLEDGE_AUDIT_BREAKS))

    def acknowledge_breaks(self) -> None:
        note, ok = QInputDialog.getText(
            self, "确认已知悉", "登录时发现的审计日志问题核查后，写明结果（例如：已核实为误操作，已报告校领导）："
        )
        if ok and self.runner.call(integrity.acknowledge_audit_breaks, note=note, parent=self) is not None:
            self.acknowledge_button.hide()
            self.run_check()

    def clear_for_lock(self) -> None:
        for title, holder in self.holders.items():  # the tabs built so far: the others hold nothing
            if title != BACKUPS:  # the list of backup files stays through a lock, as it always has
                holder.clear()
        self.account_model.clear()
        self.audit_model.clear()
        self.school_name.clear()
        self.school_size.clear()
        self.check_result.clear()
