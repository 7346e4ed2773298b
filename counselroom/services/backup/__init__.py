"""备份与恢复 (issue #14): backup and restore of the encrypted stores, retention."""
