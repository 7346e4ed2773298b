"""Small widget helpers so every form looks and behaves the same."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget


def password_field(placeholder: str = "", parent: QWidget | None = None) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def primary_button(text: str, parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(text, parent)
    button.setProperty("primary", True)
    button.setDefault(True)
    return button


def error_label(parent: QWidget | None = None) -> QLabel:
    """Shown next to the form; empty until there is something to say."""
    label = QLabel("", parent)
    label.setObjectName("ErrorLabel")
    label.setWordWrap(True)
    return label


def title_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("PageTitle")
    return label


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("PageHint")
    label.setWordWrap(True)
    return label
