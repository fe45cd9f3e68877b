"""Strategy discussions: request, record, actions, copies and follow-up (SD-0 to SD-18)."""
