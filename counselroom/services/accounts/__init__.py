"""Accounts and sessions: first run, sign-in and lock, key slots, passwords, drafts, the audit trail, integrity."""
