"""Set the business date of a training or test instance (模拟运行环境): one audited setting."""
from __future__ import annotations

import datetime as dt

from coordinator.clock import BUSINESS_DATE_KEY
from coordinator.services.audit import record
from coordinator.services.settings import get_setting, put_setting


class BusinessDateRefused(Exception):
    """The instance's clock follows the real date (not a training instance)."""


def set_business_date(actor, day: dt.date, clock) -> None:
    """Store `day` as the date every page and service sees; audited with the previous value."""
    if not clock.settable:
        raise BusinessDateRefused("the business date can only be set on a training instance")
    previous = get_setting(BUSINESS_DATE_KEY)
    put_setting(BUSINESS_DATE_KEY, day.isoformat())
    record("business_date_set", actor, "setting", BUSINESS_DATE_KEY, previous=previous, value=day.isoformat())
