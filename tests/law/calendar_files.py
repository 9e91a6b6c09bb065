"""Holiday-arrangement files made up for the tests (NOT the State Council's arrangements)."""

from __future__ import annotations

# 2027 with New Year only.
NEW_YEAR_2027 = """\
# Made up for the tests: NOT the State Council's arrangement for 2027.
year = 2027
source = "测试用安排"

[[holidays]]
name = "元旦"
first_day = 2027-01-01
last_day = 2027-01-03
"""

# 2027 with New Year and the Spring Festival (with one make-up working day).
FILE_2027 = (
    NEW_YEAR_2027
    + """
[[holidays]]
name = "春节"
first_day = 2027-02-06
last_day = 2027-02-13
makeup_workdays = [2027-02-14]
"""
)
