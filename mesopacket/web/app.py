"""The app factory: configuration, CSRF (Flask-WTF), the guard (hosts, origins, headers), renders and routes.

A patient's name travels only in a POST body, is never logged, never cached and never written to disk;
every response but the stylesheet is marked `Cache-Control: no-store`.
"""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from .. import options as o
from ..content.load import load_clinic
from ..content.loader import Loader
from . import guard, routes
from .contents import Contents
from .packets import Packets
from .renderer import Renderer


def is_loopback(host: str) -> bool:
    """Tell whether a host name or address only listens on this machine."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the app; config keys: PROJECT, CLINICS (name -> profile path), CACHE_DIR, CACHE_FILES, HOST (the
    bound address), LANG (the form's language when a page asks for none), WORKERS (render processes), QUEUE
    (renders that may wait), TASKS_PER_WORKER, WARM (start the workers now, not on the first render), CSRF."""
    project = Path((config or {}).get("PROJECT", o.PROJECT_ROOT))
    app = Flask(__name__, template_folder=str(project / o.TEMPLATES_DIR / "web"))
    app.config.update(PROJECT=project, CLINICS={}, CACHE_DIR=None, CACHE_FILES=o.SERVE_CACHE_FILES, HOST=o.SERVE_HOST,
                      LANG=o.LANGUAGE, WORKERS=o.worker_count(), QUEUE=o.SERVE_QUEUE,
                      TASKS_PER_WORKER=o.SERVE_TASKS_PER_WORKER, RENDER_TIMEOUT=o.SERVE_RENDER_TIMEOUT, CSRF=False,
                      MAX_CONTENT_LENGTH=o.SERVE_MAX_BODY,
                      SECRET_KEY=secrets.token_hex(32), WTF_CSRF_FIELD_NAME="csrf",
                      WTF_CSRF_TIME_LIMIT=o.SERVE_CSRF_SECONDS, SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_HTTPONLY=True)
    app.config.update(config or {})
    app.config["WTF_CSRF_ENABLED"] = app.config["CSRF"]
    app.config["CLINICS"] = app.config["CLINICS"] or default_clinics(project)
    renderer = Renderer(app.config["WORKERS"], app.config["QUEUE"], app.config["TASKS_PER_WORKER"],
                        app.config["RENDER_TIMEOUT"])
    app.extensions["mesopacket.renderer"] = renderer
    if app.config.get("WARM", False):
        renderer.pool()  # the workers start (warm) now, not on the first request
    app.extensions["mesopacket.packets"] = Packets(renderer, app.config["CACHE_DIR"], app.config["CACHE_FILES"])
    app.extensions["mesopacket.slots"] = renderer.admission  # running + waiting renders
    app.extensions["mesopacket.contents"] = Contents(project)
    CSRFProtect(app)
    guard.install(app)
    app.register_blueprint(routes.blueprint)
    return app


def default_clinics(project: Path) -> dict[str, Path]:
    """Offer the example clinic profile, by its name, when no profiles were given."""
    path = o.Options(project=project).clinic_path()
    return {load_clinic(Loader(project), path, o.LANGUAGE).name: path}
