"""The UI kit: what every feature's screens share."""
