"""危机事件 (issue #11): crisis incidents and confidentiality exceptions."""
