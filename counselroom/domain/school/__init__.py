"""The school's calendar and structure: terms, school days and opening periods, class names, hotlines."""
