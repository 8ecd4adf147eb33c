"""The one clock of the app: the real date in production, a settable business date in training and tests."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app

BUSINESS_DATE_KEY = "business_date"


class SystemClock:
    """Real time; the business date is the date in the configured time zone (Asia/Shanghai)."""

    settable = False

    def __init__(self, tz: str = "Asia/Shanghai"):
        self.tz = ZoneInfo(tz)

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        return self.now().astimezone(self.tz).date()


class BusinessDateClock(SystemClock):
    """Training/test clock: the business date is stored in the settings table so every worker agrees."""

    settable = True

    def today(self) -> dt.date:
        from coordinator.services.settings import get_setting

        value = get_setting(BUSINESS_DATE_KEY)
        return dt.date.fromisoformat(value) if value else super().today()


class FixedClock(SystemClock):
    """A clock pinned to one date, for unit tests and scripts."""

    settable = True

    def __init__(self, day: dt.date, tz: str = "Asia/Shanghai"):
        super().__init__(tz)
        self.day = day

    def today(self) -> dt.date:
        return self.day


def current_clock() -> SystemClock:
    """The app's clock, to be passed into services."""
    return current_app.extensions["coordinator.clock"]


def make_clock(config: dict) -> SystemClock:
    """Training instances get a settable business date; production gets the real date."""
    if config.get("TRAINING") or config.get("TESTING"):
        return BusinessDateClock(config["TIMEZONE"])
    return SystemClock(config["TIMEZONE"])
