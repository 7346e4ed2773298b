"""Use cases. Each public function takes the acting user, checks access, audits, and returns
frozen dataclasses (never database rows) or a record of what changed."""
