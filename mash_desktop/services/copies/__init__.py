"""Controlled paper copies: the copy register, cabinets and movements (SEC-5)."""
