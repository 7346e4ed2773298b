"""The backup files: copies of the two stores, their digests, and the manifest (SECURITY.md 23–24)."""
