"""Only what pyproject.toml cannot say: the top-level resources/ folder is the package
counselroom.resources (ARCHITECTURE.md: resources/ beside the code, installed as package data)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["counselroom", "counselroom.*"]), "counselroom.resources"],
    package_dir={"counselroom.resources": "resources"},
)
