"""The working-day calendar every period of the portal is counted on: public notices (公示), experts'
scores, the statement period of a revocation case (陈述申辩) and the dishonest-list screening.

- ``models``: ``CalendarDay`` (a day that is not what its weekday says: a holiday on a weekday, a weekend
  worked, 调休) and ``CalendarYear`` (a year whose holidays are loaded, from which source, by whom).
- ``working_days``: counting working days, and refusing a period that reaches a year not loaded.
- ``seeding``: loading a year from the ``chinesecalendar`` package, or from the State Council's notice
  typed in by an admin; the daily task and the December reminder.

It sits in ``portal`` because every layer counts periods (``tiers.titles`` and ``applications`` may not
import ``review``).
"""
