"""An outbox handler for tests of real workers (loaded with ``--include tests.portal.outbox_probe``):
slow work that writes down each time it starts and ends. Not part of the portal."""
import time
from pathlib import Path

from portal import outbox


@outbox.handler("tests.slow_probe", max_attempts=3)
def slow_probe(path, seconds):
    with Path(path).open("a") as log:
        log.write("start\n")
    time.sleep(seconds)
    with Path(path).open("a") as log:
        log.write("end\n")
