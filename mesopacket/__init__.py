"""Build printable stage 4 mesothelioma packets from YAML content, Jinja templates and print CSS."""

__version__ = "0.1.0"
