"""Contacts: the referral queue, intake and the contact view."""
