"""CounselRoom (心理辅导室工作台): an offline, encrypted workbench for a school's counseling room."""

__version__ = "0.1.0"
