"""导出 (SECURITY.md 11, 12): what an export holds, students' pseudonyms, and the generalisation of
per-student records — pure rules, no I/O."""
