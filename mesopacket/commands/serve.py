"""`serve`: the web form for clinic staff behind waitress, a production WSGI server."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TextIO

from ..errors import ExitStatus
from ..options import LANGUAGE, SERVE_CACHE, SERVE_HOST, SERVE_MAX_BODY, SERVE_PORT, SERVE_THREADS, Options
from .parser import Subparsers, add_setting, options_of


def add_parser(commands: Subparsers, common: argparse.ArgumentParser) -> None:
    """Add `serve` and its options."""
    serve = commands.add_parser("serve", parents=[common], help="start the web form for clinic staff",
                                description="Start the web form (waitress): staff choose, preview and download "
                                            "packets. Patient names are never logged or saved.")
    serve.add_argument("--host", default=SERVE_HOST,
                       help=f"address to listen on (default: {SERVE_HOST}, this machine)")
    serve.add_argument("--port", type=int, default=SERVE_PORT, help=f"port (default: {SERVE_PORT})")
    add_setting(serve, "lang", help="the form's language, and the packet language it offers first, when a page "
                "asks for none")
    add_setting(serve, "clinic", into_options=False, action="append",
                help="a clinic profile staff may choose (repeat for several)")
    serve.add_argument("--cache", type=Path, default=SERVE_CACHE, metavar="DIR",
                       help=f"where packets without a patient's name are cached (default: {SERVE_CACHE})")


def clinic_choices(args: argparse.Namespace) -> dict[str, Path]:
    """Return the clinic profiles staff may choose, by clinic name (each validated now)."""
    from ..content.load import load_clinic
    from ..content.loader import Loader

    paths = args.clinic or [Options(project=args.project).clinic_path()]
    loader = Loader(args.project)
    return {load_clinic(loader, path, LANGUAGE).name: path.resolve() for path in paths}


def run(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    """Validate the content, then serve until interrupted."""
    import waitress

    from ..content.load import load_content
    from ..web.app import create_app, is_loopback

    options = options_of(args)
    load_content(options)  # bad content (or an unknown --lang) stops here, with file and line
    public = not is_loopback(args.host)
    app = create_app({"PROJECT": args.project, "CLINICS": clinic_choices(args), "CACHE_DIR": args.cache,
                      "CSRF": public, "HOST": args.host, "WARM": True, "LANG": options.lang})
    if public:
        print(f"WARNING: listening on {args.host}, not only on this machine: other computers can reach the form. "
              "Forms are protected against cross-site request forgery.", file=stdout)
    print(f"Serving the packet form on http://{args.host}:{args.port}/ (Ctrl-C to stop)", file=stdout, flush=True)
    logging.getLogger("waitress").setLevel(logging.ERROR)  # no per-request or queue chatter
    try:
        waitress.serve(app, host=args.host, port=args.port, threads=SERVE_THREADS,
                       max_request_body_size=SERVE_MAX_BODY, ident="mesopacket")
    finally:
        app.extensions["mesopacket.renderer"].close()
    return ExitStatus.OK
