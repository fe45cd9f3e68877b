"""Information governance: backups and keys (SEC-10), retention and destruction (ISP-9),
partners and the agreement (ISP-8, GOV-2, GOV-3), subject access (ISP-7, ISP-14) and the
Management Board figures (GOV-1). One module per topic."""
