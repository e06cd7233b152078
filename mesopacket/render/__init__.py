"""Render: HTML from the templates, the PDF from WeasyPrint, its finish and its tags, and a warm render worker."""
