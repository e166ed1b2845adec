"""Demo data of the review stage: the city's work first, then the province's (each idempotent)."""
from .city.demo import run_city
from .province.demo import run_province


def run(stdout):
    run_city(stdout)
    run_province(stdout)
