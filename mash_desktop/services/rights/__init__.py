"""Data subjects' rights: subject access (ISP-7) and objection and restriction (ISP-14)."""
