"""The app factory: configuration, CSRF (Flask-WTF), the render slots and the routes.

A patient's name travels only in a POST body, is never logged, never cached and never written to disk;
responses that carry it are marked `Cache-Control: no-store`.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from ..content.load import load_clinic
from ..content.loader import Loader
from ..options import DEFAULT_CLINIC, LANGUAGE, PROJECT_ROOT, SERVE_WAIT, TEMPLATES_DIR
from . import routes
from .packets import Packets

MAX_BODY = 16 * 1024  # bytes: the form is small; anything bigger is refused (413)


def is_loopback(host: str) -> bool:
    """Tell whether a host name or address only listens on this machine."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def create_app(config: dict | None = None) -> Flask:
    """Create the app; config keys: PROJECT, CLINICS (name -> profile path), CACHE_DIR, SLOTS, WAIT, CSRF."""
    project = Path((config or {}).get("PROJECT", PROJECT_ROOT))
    app = Flask(__name__, template_folder=str(project / TEMPLATES_DIR / "web"))
    app.config.update(PROJECT=project, CLINICS={}, CACHE_DIR=None, SLOTS=os.cpu_count() or 1, WAIT=SERVE_WAIT,
                      CSRF=False, MAX_CONTENT_LENGTH=MAX_BODY, SECRET_KEY=secrets.token_hex(32),
                      WTF_CSRF_FIELD_NAME="csrf")
    app.config.update(config or {})
    app.config["WTF_CSRF_ENABLED"] = app.config["CSRF"]
    app.config["CLINICS"] = app.config["CLINICS"] or default_clinics(project)
    packets = Packets(app.config["SLOTS"], app.config["WAIT"], app.config["CACHE_DIR"])
    app.extensions["mesopacket.packets"] = packets
    app.extensions["mesopacket.slots"] = packets.slots  # at most one render per core
    CSRFProtect(app)
    app.register_blueprint(routes.blueprint)
    return app


def default_clinics(project: Path) -> dict[str, Path]:
    """Offer the example clinic profile, by its name, when no profiles were given."""
    path = project / DEFAULT_CLINIC
    return {load_clinic(Loader(project), path, LANGUAGE).name: path}
