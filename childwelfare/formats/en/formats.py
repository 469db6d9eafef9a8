"""Date formats of the English interface: the same ISO dates as the Chinese pages write
(2026-11-14, not "Nov. 14, 2026"), so that a date reads the same in both languages and in
exported files. Chinese keeps Django's own (2026年11月14日) where a template does not give one."""

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y-m"
MONTH_DAY_FORMAT = "m-d"
TIME_FORMAT = "H:i"
