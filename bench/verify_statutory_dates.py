"""Cross-check the dates the provisional calendar relies on against independent computations.

- 正月初一, 端午 (五月初五) and 中秋 (八月十五), 2008–2099: `lunardate` (a table) against `lunar_python`
  (6tail's lunar, computed from astronomical algorithms);
- 清明, 2008–2099: `chinese_calendar.get_solar_terms` (the 寿星 formula with corrections) against `ephem`
  (the moment the Sun's apparent ecliptic longitude reaches 15°, in China Standard Time, UTC+8).

Neither `lunar_python` nor `ephem` is a dependency of gongkai: install them in a scratch environment,
    python -m venv /tmp/v && /tmp/v/bin/pip install lunardate lunar-python ephem chinesecalendar
    /tmp/v/bin/python bench/verify_statutory_dates.py
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import ephem  # type: ignore[import-not-found]
from chinese_calendar import get_solar_terms
from lunar_python import Lunar  # type: ignore[import-not-found]
from lunardate import LunarDate

YEARS = range(2008, 2100)


def qingming_by_ephem(year: int) -> date:
    def longitude(moment: datetime) -> float:
        sun = ephem.Sun()
        sun.compute(ephem.Date(moment))
        return math.degrees(ephem.Ecliptic(sun, epoch=ephem.Date(moment)).lon)

    low, high = datetime(year, 4, 1), datetime(year, 4, 8)
    for _ in range(60):
        middle = low + (high - low) / 2
        low, high = (middle, high) if longitude(middle) < 15 else (low, middle)
    return (low + timedelta(hours=8)).date()


def main() -> None:
    lunar_mismatches = []
    for year in YEARS:
        for month, day in ((1, 1), (5, 5), (8, 15)):
            ours = LunarDate(year, month, day).to_solar_date()
            solar = Lunar.fromYmd(year, month, day).getSolar()
            if (ours.year, ours.month, ours.day) != (solar.getYear(), solar.getMonth(), solar.getDay()):
                lunar_mismatches.append((year, month, day, ours))
    qingming_mismatches = []
    for year in YEARS:
        ours = next(d for d, name in get_solar_terms(date(year, 4, 1), date(year, 4, 30)) if name == "清明")
        if ours != qingming_by_ephem(year):
            qingming_mismatches.append((year, ours))
    print(f"lunar dates, {len(YEARS)} years × 3: {len(lunar_mismatches)} mismatches {lunar_mismatches}")
    print(f"清明, {len(YEARS)} years: {len(qingming_mismatches)} mismatches {qingming_mismatches}")


if __name__ == "__main__":
    main()
