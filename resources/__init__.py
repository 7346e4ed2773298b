"""The product's resources, installed as the package counselroom.resources (see setup.py):
fonts/ (the bundled CJK font), style.qss, profiles/ (policy profiles), note_templates/ (辅导记录 templates)."""
