"""Grants writes: one function per user action, ``<entity>_<action>``, keyword-only.

Sub-modules: applications (applicant's draft, submit, withdraw, clarification), eligibility,
assessment, decisions (panel, four-eyes, budget), offers, claims, payments (and clawbacks),
outcomes (and reminders).
"""
