"""Arabic date and time formats (Django's own leave DATETIME_FORMAT to the English
default, "N j, Y, P", which reads "ديسمبر 2, 2026, 4:46 م").

Day before month, the Arabic comma, and a 24-hour clock as Moroccan schedules write it;
digits stay Latin, see docs/translating/formats.md.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
