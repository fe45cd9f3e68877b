"""Strategy discussions: the area, the request, the record and its follow-up."""
