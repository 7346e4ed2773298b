"""到期清除 (issue #14 item 5): which rows of both stores are about a student, and deleting them."""
