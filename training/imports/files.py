"""The graduate file's readers: the checks and CSV/XLSX readers live in cqo_portal.spreadsheets, shared with the
Article 14 look-up of many credit codes (registry), which may not import training."""

from cqo_portal.spreadsheets import CSV, XLSX, FileRefused, Table, check_file, normalize_header, read_table

__all__ = ["CSV", "XLSX", "FileRefused", "Table", "check_file", "normalize_header", "read_table"]
