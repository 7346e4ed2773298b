"""The product's resources, installed as the package counselroom.resources (see setup.py):
fonts/ (the bundled CJK font), style.qss, profiles/ (policy profiles), templates/ (note templates)."""
