#!/usr/bin/env python3
"""Build printable stage 4 mesothelioma packets: `python make_handout.py --help`."""

import sys

from mesopacket.entry import main

if __name__ == "__main__":
    sys.exit(main(prog="make_handout.py"))
