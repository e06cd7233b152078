"""Check: the health-literacy rules, reading level, medical terms, translations, the report, and built PDFs."""
