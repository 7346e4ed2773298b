"""Care: the 三级预警 list, proposals, 成长导师 and 一人一案, 心理委员 and their reports."""
