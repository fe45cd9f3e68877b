"""Controlled copies: printing and the copy register."""
