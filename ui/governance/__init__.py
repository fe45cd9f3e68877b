"""Information governance screens: retention and destruction, the agreement and partners,
and each user's acknowledgement of the agreement at login."""
