"""The server's clock as the tests hold it: moved by the test instead of by sleeping."""
from datetime import datetime, timedelta, timezone


class Clock:
    """Stands in for transactions.clock (the clock fixture and the route matrix set it)."""

    def __init__(self):
        self.now = datetime.now(timezone.utc).replace(microsecond=0)

    def __call__(self):
        return self.now

    def advance(self, seconds: float):
        self.now += timedelta(seconds=seconds)
