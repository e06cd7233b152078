"""`python -m mesopacket`: the same command line as make_handout.py."""

import sys

from .entry import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m mesopacket"))
