"""Administration: accounts, partners, settings, the audit trail and security incidents."""
