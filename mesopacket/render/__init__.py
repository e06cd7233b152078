"""Render: citations and glossary for one packet, its review state, HTML from the templates, the PDF, the finish."""
