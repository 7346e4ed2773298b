"""导出 (issue #14): confidential exports, each audited with the digest of what was written."""
