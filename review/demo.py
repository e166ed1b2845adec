"""Demo data of the review stage: the city's work first, then the province's (each idempotent)."""
import importlib


def run(stdout):
    for module, function in (("review.demo_city", "run_city"), ("review.demo_province", "run_province")):
        try:
            step = getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError):
            stdout.write(f"review: {module} not present, skipped\n")
            continue
        step(stdout)
