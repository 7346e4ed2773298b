"""危机事件, 事后安抚 and 保密例外 (care store), and what the principal sees of incidents (school store)."""
