"""Publish: every version into one folder (batch), its manifest, the download page and its thumbnails."""
