"""Holiday arrangements made up for the tests (NOT the State Council's): 2027 with New Year's Day
(Friday 1 January) off, and a corrected 2027 with 1 to 5 January off."""

from __future__ import annotations

TEST_2027 = """year = 2027
source = "测试数据（非官方安排）"

[[holidays]]
name = "元旦"
first_day = 2027-01-01
last_day = 2027-01-01
"""
CORRECTED_2027 = TEST_2027.replace("last_day = 2027-01-01", "last_day = 2027-01-05")
