"""危机事件 (一校一案), the school's crisis plan and 保密例外: pure rules, no I/O."""
