"""``python -m kiosk_app`` and the frozen bundle's entry point."""

import sys

from kiosk_app.cli import main

if __name__ == "__main__":
    # The speech worker is a spawned process; in the frozen bundle the child
    # starts through this same executable and must stop here.
    # Imported only there: unfrozen, it would only slow the first paint.
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
