"""Run the impact evaluation from the command line: ``python -m wingman.evaluation --help``."""

import sys

from wingman.evaluation.cli import main

if __name__ == "__main__":
    sys.exit(main())
