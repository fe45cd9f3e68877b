"""Contacts: intake, the referral queue, matching, triage and decisions (RQ-1 to RQ-8)."""
