"""``python -m appwrite_executions``: the same command as ``appwrite-executions``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
