"""Demo data of the review stage: the city's work first, then the province's (each idempotent)."""
from .city.demo import run_city
from .province.demo import run_province


def run(stdout):
    from portal.calendar.seeding import seed

    for year, added in seed().items():  # the public holidays and 调休, before any notice period is computed
        if added:
            stdout.write(f"calendar: {added} holidays and weekends worked of {year}\n")
    run_city(stdout)
    run_province(stdout)
