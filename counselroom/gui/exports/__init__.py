"""导出 in the program (issue #14): the preview of what will leave the room, the steps from building
an export to the saved file, and the 班主任's class list dialog."""
