"""Screening (心理普查/筛查): results entered or imported from other platforms, read and counted."""
