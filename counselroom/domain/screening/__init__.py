"""Screening instruments, their scoring, the columns of platform exports, questionnaire validity."""
