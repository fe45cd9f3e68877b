"""MASH Desktop core: domain rules, encrypted store, services, printing. Never imports Qt."""

__version__ = "0.1.0"
