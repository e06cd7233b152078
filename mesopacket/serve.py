"""The `serve` command: the web form behind waitress, a production WSGI server."""

from __future__ import annotations

import argparse
import logging
from typing import TextIO

import waitress

from .content import load_content
from .errors import raise_all
from .loader import Loader
from .options import Options
from .schema import Clinic
from .web import create_app, is_loopback


def clinic_choices(args: argparse.Namespace) -> dict:
    """Return the clinic profiles staff may choose, by clinic name (each validated now)."""
    paths = args.clinic or [Options(project=args.project).clinic_path()]
    loader, found = Loader(args.project), {}
    for path in paths:
        clinic = loader.model(path, Clinic)
        if clinic is not None:
            found[clinic.name] = path.resolve()
    raise_all(loader.problems)
    return found


def run_server(args: argparse.Namespace, stdout: TextIO) -> int:
    """Validate the content, then serve until interrupted."""
    load_content(Options(project=args.project))  # bad content stops here, with file and line
    public = not is_loopback(args.host)
    app = create_app({"PROJECT": args.project, "CLINICS": clinic_choices(args), "CACHE_DIR": args.cache,
                      "CSRF": public})
    if public:
        print(f"WARNING: listening on {args.host}, not only on this machine: other computers can reach the form. "
              "Forms are protected against cross-site request forgery.", file=stdout)
    print(f"Serving the packet form on http://{args.host}:{args.port}/ (Ctrl-C to stop)", file=stdout, flush=True)
    logging.getLogger("waitress").setLevel(logging.ERROR)  # no per-request or queue chatter
    waitress.serve(app, host=args.host, port=args.port, threads=8, max_request_body_size=1024 * 1024,
                   ident="mesopacket")
    return 0
