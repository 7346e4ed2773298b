"""The school's calendar and structure: terms, school days and opening periods, class names, hotlines,
policy profiles and the 心理委员 rule they set."""
