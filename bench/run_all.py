"""Run every benchmark and print one summary; figures land in bench/results/.

./dev.sh bench            full run (about 7 minutes: idle CPU takes 2 x 60 s)
./dev.sh bench --quick    fewer samples, 10 s idle windows

The soak (bench/soak.py, about 2.5 minutes per 1,000 visits) runs on its own:
python -m bench.soak 10000
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import (
    assistant,
    backend_sync,
    catalogue,
    chip_read,
    hostile_inputs,
    idle_cpu,
    journey,
    queue_ticket,
    receipt,
    scan_to_screen,
    screen_switch,
    startup,
    understanding,
)
from bench.common import save


def main() -> int:
    quick = "--quick" in sys.argv
    figures = {
        "startup": startup.measure(3 if quick else 7),
        "screen_switch": screen_switch.measure(60 if quick else 200),
        "idle_cpu": idle_cpu.measure(10.0 if quick else 60.0),
        "receipt": receipt.measure(50 if quick else 200),
        "scan_to_screen": scan_to_screen.measure(30 if quick else 100),
        "catalogue": catalogue.measure(),
        "assistant": assistant.measure(quick),
        "hostile_inputs": hostile_inputs.main(1 if quick else 3),
        "journey": {k: v for k, v in journey.measure().items() if k != "results"},
        "backend_sync": backend_sync.measure(quick),
        "queue_ticket": queue_ticket.measure(quick),
        "chip_read": chip_read.measure(quick),
        "understanding": understanding.measure(),
    }
    path = save("latest", figures)
    print(json.dumps(figures, indent=2))
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
