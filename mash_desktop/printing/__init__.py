"""Printing: controlled paper copies (SEC-5) built with ReportLab."""
