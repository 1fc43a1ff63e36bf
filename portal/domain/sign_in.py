"""How long to wait after failed sign-ins: a delay that grows with the failures, never a lock.

Failures are counted three ways: for the account from one address, for the account from
anywhere, and for the address whatever account it tries. The account alone waits at most a
minute, so that somebody guessing cannot keep the real user out; guessing from one address
waits longer and longer, up to a quarter of an hour.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Counted(StrEnum):
    ACCOUNT_FROM_ADDRESS = "pair"
    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class Throttle:
    free: int  # failures allowed before any wait
    first_wait: timedelta
    longest_wait: timedelta

    def wait_after(self, failures: int) -> timedelta:
        if failures < self.free:
            return timedelta(0)
        return min(self.longest_wait, self.first_wait * 2 ** (failures - self.free))


THROTTLES = {
    Counted.ACCOUNT_FROM_ADDRESS: Throttle(3, timedelta(seconds=5), timedelta(minutes=15)),
    Counted.ACCOUNT: Throttle(10, timedelta(seconds=2), timedelta(minutes=1)),
    Counted.ADDRESS: Throttle(20, timedelta(seconds=5), timedelta(minutes=15)),
}
WINDOW = timedelta(hours=1)  # failures older than this are forgotten


def next_try(failures: dict[Counted, tuple[int, datetime | None]]) -> datetime | None:
    """When signing in may be tried again, from (count, last failure) of each kind; None if now."""
    waits = [last + THROTTLES[kind].wait_after(count) for kind, (count, last) in failures.items()
             if last is not None and THROTTLES[kind].wait_after(count)]
    return max(waits, default=None)
