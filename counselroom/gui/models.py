"""Qt table models: adapters over service dataclasses with named columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from counselroom.services.accounts.accounts import Account
from counselroom.services.accounts.audit_trail import AuditLine

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
_EMPTY = QModelIndex()


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of frozen dataclasses shown through (header, getter) columns."""

    columns: Sequence[tuple[str, Callable[[Any], object]]] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = _EMPTY) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _EMPTY) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.columns[index.column()][1](self._rows[index.row()])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None


class AccountTableModel(RowTableModel[Account]):
    USERNAME, NAME, ROLE, STATE, DEVICE, CARE, FINGERPRINT = range(7)
    columns = (
        ("用户名", lambda a: a.username),
        ("姓名", lambda a: a.display_name),
        ("角色", lambda a: a.role_label),
        (
            "状态",
            lambda a: (
                ("在用" if a.active else "已停用") + ("（待改密码）" if a.active and a.must_change_password else "")
            ),
        ),
        ("本机密钥环", lambda a: "已绑定" if a.device_bound else "—"),
        ("心理档案", lambda a: a.care_access),
        ("密钥指纹", lambda a: a.fingerprint or "—"),
    )


class AuditTableModel(RowTableModel[AuditLine]):
    columns = (
        ("序号", lambda a: a.seq),
        ("时间", lambda a: a.at),
        ("账号", lambda a: a.who),
        ("角色", lambda a: a.role_label),
        ("操作", lambda a: a.action_label),
        ("对象", lambda a: a.object),
        ("结果", lambda a: a.outcome_label),
        ("说明", lambda a: a.reason),
    )
