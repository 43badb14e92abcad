"""Reads of filings shared by the pages, the services and the home panels: a filing's figures, the compliance grid."""
