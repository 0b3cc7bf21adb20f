"""`python -m syncer` runs the command line."""

from __future__ import annotations

from syncer.cli import main

if __name__ == "__main__":
    main()
