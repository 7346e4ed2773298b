"""The student file (一生一档), its tabs and models, the student picker and the 名单 import dialog."""
