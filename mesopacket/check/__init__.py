"""Check: the health-literacy rules, reading level, medical terms, translations, and the report."""
