"""活动 (issue #12): 六谈, 家访, 家长学校, lessons, class meetings, trainings."""
