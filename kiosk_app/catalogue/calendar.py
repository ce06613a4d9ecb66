"""Working days and the expected return date.

Processing times in the procedure records are counted in working days from
the day a dossier is received; one received after the cut-off (15:00 for most
ward procedures) counts as received the next working day. Weekends and the
public holidays listed in the site file are not working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date] = field(default_factory=frozenset)
    saturday_is_working_day: bool = False

    @classmethod
    def of(cls, holidays: Iterable[date], saturday_is_working_day: bool = False) -> WorkCalendar:
        return cls(frozenset(holidays), saturday_is_working_day)

    def is_working_day(self, day: date) -> bool:
        weekday = day.weekday()
        if weekday == 6 or (weekday == 5 and not self.saturday_is_working_day):
            return False
        return day not in self.holidays

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def received_on(self, moment: datetime, cutoff: time) -> date:
        """The working day a dossier handed in at ``moment`` counts as received."""
        day = moment.date()
        if not self.is_working_day(day) or moment.time() > cutoff:
            return self.next_working_day(day)
        return day

    def return_date(self, moment: datetime, cutoff: time, working_days: int) -> date:
        day = self.received_on(moment, cutoff)
        for _ in range(working_days):
            day = self.next_working_day(day)
        return day


def parse_cutoff(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))
