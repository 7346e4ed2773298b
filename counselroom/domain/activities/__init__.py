"""Activities (issue #12): 六谈, 家访, 心理课, 班团队会 and 专题活动, 家长学校, 宣传, 培训, 会议 — their
words as the seeds write them, and the coverage rules that count them against a policy profile."""
