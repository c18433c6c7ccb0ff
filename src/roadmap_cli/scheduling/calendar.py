"""Working-day arithmetic over integer days: which days are worked, and where n working days end."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection
from datetime import MAXYEAR, MINYEAR, date, timedelta


class WorkCalendar:
    """Working days counted from day 0 = `origin`: weekdays not in `weekend`, less the holidays of each year.

    `holidays_of(year)` gives a year's non-working dates; each year is asked once, when first needed, so the
    calendar reaches as far as any plan does. Finishes are exclusive, like every task's finish.
    """

    def __init__(self, origin: date, weekend: Collection[int], holidays_of: Callable[[int], Collection[date]]) -> None:
        self.origin = origin
        self.weekend = frozenset(weekend)
        self.holidays_of = holidays_of
        self._years: dict[int, tuple[int, list[int]]] = {}

    def _year(self, year: int) -> tuple[int, list[int]]:
        """(offset of 1 January, working days before each day of the year and after its last) for `year`.

        Past the calendar's last year (9999) or before its first, every day counts as worked in years of 365 days:
        the plan is then outside the calendar anyway, which planning reports as such.
        """
        known = self._years.get(year)
        if known is None and not MINYEAR <= year <= MAXYEAR:
            known = (self._beyond(year), list(range(366)))
            self._years[year] = known
        if known is None:
            first = date(year, 1, 1)
            days = (date(year + 1, 1, 1) - first).days if year < MAXYEAR else 365
            off = set(self.holidays_of(year))
            counts = [0]
            for k in range(days):
                day = first + timedelta(days=k)
                counts.append(counts[-1] + (day.weekday() not in self.weekend and day not in off))
            known = ((first - self.origin).days, counts)
            self._years[year] = known
        return known

    def _beyond(self, year: int) -> int:
        """Offset of the first day of a year outside the calendar, counting 365 days a year."""
        if year > MAXYEAR:
            return (date(MAXYEAR, 12, 31) - self.origin).days + 1 + 365 * (year - MAXYEAR - 1)
        return (date(MINYEAR, 1, 1) - self.origin).days - 365 * (MINYEAR - year)

    def _year_of(self, day: int) -> int:
        """The year that day offset `day` falls in (outside the calendar: counted in years of 365 days)."""
        last = (date(MAXYEAR, 12, 31) - self.origin).days
        first = (date(MINYEAR, 1, 1) - self.origin).days
        if day > last:
            return MAXYEAR + 1 + (day - last - 1) // 365
        if day < first:
            return MINYEAR - 1 - (first - day - 1) // 365
        return (self.origin + timedelta(days=day)).year

    def is_working(self, day: int) -> bool:
        """True when day offset `day` is a working day."""
        first, counts = self._year(self._year_of(day))
        return counts[day - first + 1] > counts[day - first]

    def finish(self, start: int, n: int) -> int:
        """The day after the `n`-th working day on or after `start` (`start` itself when n is 0)."""
        year = self._year_of(start)
        first, counts = self._year(year)
        want = counts[start - first] + n
        while want > counts[-1]:
            want -= counts[-1]
            year += 1
            first, counts = self._year(year)
        if n == 0:
            return start
        return first + bisect_left(counts, want)

    def latest_start(self, finish: int, n: int) -> int:
        """The latest start whose `n` working days end by the exclusive `finish`: the `n`-th working day before it."""
        if n == 0:
            return finish
        year = self._year_of(finish - 1)
        first, counts = self._year(year)
        want = counts[finish - first] - n
        while want < 0:
            year -= 1
            first, counts = self._year(year)
            want += counts[-1]
        return first + bisect_right(counts, want) - 1
