"""Reads of filings shared by the pages, the services and the home panels."""
