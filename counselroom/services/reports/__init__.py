"""报表 (issue #13): the termly 学期自查报告 and the 活动记录表 for the principal."""
