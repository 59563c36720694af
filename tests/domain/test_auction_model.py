"""The auction against a model (issue 17's first harness).

Hypothesis drives random sequences of bids, revisions, withdrawals, re-bids after a withdrawal,
repeated idempotency keys (also a key used on a second request), time moving, soft-close
extensions, the close and a reopen, for three or four providers on one request in each
visibility mode, through the domain (place_bid, withdraw_bid, close_window), against the
reference model in tests/support/auction_model.py. After every step (the checks are in
tests/support/auction_model_checks.py), for every provider, each channel it has
shows what the model says it may know and nothing more: the standings (provider_view and
Views.provider on the current snapshot, and on the snapshot broadcast after the change), the
answer to its own call (an ack or an error), its inbox and its queued e-mails. And whatever
the model: every accepted revision kept to floor, maximum and step, closes_at never passed
original_closes_at + max_extension_seconds, and the standings rank as the model does.

Each example gets a request of its own (and its own idempotency keys), so examples do not see
each other on either backend; the app and the database are made once per test."""
import itertools
import os
import random
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from hypothesis.statistics import collector, describe_statistics

from config import TestConfig
from marketplace import create_app
from marketplace.auction import lifecycle, support_requests, transactions
from marketplace.auction.bidding import place_bid
from marketplace.auction.errors import DomainError
from marketplace.auction.inputs import parse_bid
from marketplace.auction.withdrawal import withdraw_bid
from marketplace.extensions import db
from marketplace.models import EmailOutbox, Notification, Request
from tests.support.auction_model import VISIBILITIES, Auction
from tests.support.auction_model_checks import FLOOR, MAXIMUM, WINDOW_SECONDS, Bookkeeping, ModelChecks, World, same

pytestmark = pytest.mark.every_backend

# Bounded for `make test` (well under a minute for both backends): each of the three modes
# explores this many sequences of up to STEPS steps, with a fixed seed; PostgreSQL, where every
# round trip costs more, fewer (the same first ones: it checks that storage keeps to the same
# rules). AUCTION_MODEL_EXAMPLES=300 explores further.
EXAMPLES = int(os.environ.get("AUCTION_MODEL_EXAMPLES", "40"))
EXAMPLES_BY_BACKEND = {"sqlite": EXAMPLES, "postgresql": max(1, EXAMPLES * 2 // 5)}
STEPS = 30


@pytest.fixture
def app(database_url, backend):
    # Per-account rate limits far above what a sequence of steps can reach: this test is about
    # the auction's rules, and a limit would refuse bids the model expects to count.
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, BID_RATE_PER_SECOND=1_000_000,
                                BID_RATE_BURST=1_000_000))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


PRICE_MOVES = ["step", "step_less_a_cent", "two_steps", "same", "tie_best", "beat_best", "under_best",
               "floor", "below_floor", "maximum", "above_maximum", "big_drop"]
KEY_MODES = ["fresh", "fresh", "none", "repeat_own", "repeat_own_new_price", "other_providers",
             "from_other_request"]


def machine_for(app, clock, visibility: str, stats: Counter):
    """The state machine for one visibility mode, bound to this test's app and clock."""
    example_numbers = itertools.count()
    # The seed is fixed (CI runs the same sequences every time); each mode orders the choices
    # its own way, so the three modes explore different sequences from it.
    order = random.Random(visibility)

    def pick(options):
        options = list(options)
        order.shuffle(options)
        return st.sampled_from(options)

    with app.app_context():
        people = World()

    class AuctionMachine(Bookkeeping, ModelChecks, RuleBasedStateMachine):

        # --- set-up ------------------------------------------------------------------------
        @initialize(n=pick([3, 4]), step=pick([100, 2500]),
                    soft=pick([0, 60, 120, 120]), cap=pick([0, 90, 300, 300]))
        def start(self, n, step, soft, cap):
            self.ctx = app.app_context()
            self.ctx.push()
            self.w = people
            self.example = next(example_numbers)
            stats["examples"] += 1
            clock.now = datetime.now(timezone.utc).replace(microsecond=0)
            self.n = n
            self.step_no = 0
            self.capped_at = None
            self.keys = itertools.count()
            self.used_keys: dict[int, list[str]] = {p: [] for p in range(4)}  # accepted on the main request
            self.other_keys: dict[int, list[str]] = {p: [] for p in range(4)}  # used on the second request
            self.other_id = None
            self.other_prices: dict[int, int] = {}
            self.changes: list = []
            self.watermarks = (self._max_id(Notification), self._max_id(EmailOutbox))
            # What the domain announces after each commit: the broadcast every watcher's view is
            # rendered from, and the close job's re-arming.
            transactions.subscribe(self._record)
            self.request_id = self._new_request(soft_close_seconds=soft, max_extension_seconds=cap,
                                                min_step_cents=step)
            request = db.session.get(Request, self.request_id)
            self.model = Auction(self.request_id, visibility, request.opens_at, request.closes_at, FLOOR, MAXIMUM,
                                 step, soft, cap, seq=request.seq)
            db.session.commit()
            self.changes.clear()
            self.expected_notes = {p: ["new_request"] for p in range(4)}  # publishing tells every eligible provider
            self.rank_changed: set[int] = set()
            self.last_error: tuple[int, DomainError] | None = None
            self.last_answer: tuple[int, dict] | None = None

        def teardown(self):
            if hasattr(self, "ctx"):
                transactions._subscribers[:] = [fn for fn in transactions._subscribers if fn != self._record]
                db.session.remove()
                self.ctx.pop()

        # --- the rules -----------------------------------------------------------------------
        @rule(p=pick(range(4)), move=pick(PRICE_MOVES), key_mode=pick(KEY_MODES),
              details=st.booleans())
        def bid(self, p, move, key_mode, details):
            self._bid(p % self.n, move, key_mode, details)

        @precondition(lambda self: self._providers(lambda o: o is None))
        @rule(p=pick(range(4)), move=pick(["same", "tie_best", "beat_best", "maximum", "big_drop"]))
        def first_offer(self, p, move):
            self._bid(self._pick(p, lambda o: o is None), move, "fresh", True)

        @precondition(lambda self: self._providers(lambda o: o is not None and o.status == "active"))
        @rule(p=pick(range(4)), key_mode=pick(KEY_MODES), details=st.booleans(), move=pick(
            ["step", "step_less_a_cent", "two_steps", "tie_best", "beat_best", "under_best", "big_drop", "floor"]))
        def revise(self, p, move, key_mode, details):
            self._bid(self._pick(p, lambda o: o is not None and o.status == "active"), move, key_mode, details)

        @precondition(lambda self: self._providers(lambda o: o is not None and o.status == "withdrawn"))
        @rule(p=pick(range(4)), move=pick(["step", "same", "maximum", "beat_best"]))
        def bid_again_after_withdrawing(self, p, move):
            self._bid(self._pick(p, lambda o: o is not None and o.status == "withdrawn"), move, "fresh", False)

        @precondition(lambda self: any(self.used_keys.values()))
        @rule(p=pick(range(4)), new_price=st.booleans())
        def repeat_a_key(self, p, new_price):
            """The same key again (an integration retrying), with the same body or another."""
            with_keys = [q for q in range(4) if self.used_keys[q]]
            p = with_keys[p % len(with_keys)]
            self._bid(p, "step", "repeat_own_new_price" if new_price else "repeat_own", False)

        def _bid(self, p, move, key_mode, details):
            m = self.model
            mine = m.offers.get(p)
            own = mine.price_cents if mine is not None else None
            best = m.best().price_cents if m.best() is not None else None
            price = _price(move, own, best, m.step_cents)
            key = self._choose_key(p, key_mode)
            if key_mode == "repeat_own_new_price" and own is not None:
                price = own - m.step_cents
            first = mine is None
            data = {"price_cents": price, "idempotency_key": key}
            if details or first:
                data["start_date"] = (clock.now + timedelta(days=30 + self.example % 7)).date().isoformat()
                data["approach"] = f"Plan {p}.{next(self.keys)}"
            if first and not details and move == "same":
                data.pop("approach")  # now and then a first offer without its approach
            self._tick()
            now = clock.now
            ranks_before = m.ranks()
            expected_leader = m.best()
            outcome = m.bid(p, price, data.get("start_date"), data.get("approach"), key, now)
            try:
                result = place_bid(db.session, self.w.providers[p], self.request_id, parse_bid(data))
            except DomainError as error:
                self._refused(p, error, outcome, f"bid {data}")
                return
            assert outcome.ok, f"bid {data} by provider {p} was accepted; the model expects {set(outcome.errors)}"
            if outcome.replay is not None:
                assert result.replayed, f"repeated key {key}: the first answer again, and nothing changed"
                same(result.body, outcome.replay, f"the answer to repeated key {key}")
                stats["replayed"] += 1
                self._expect_no_change()
                return
            assert not result.replayed, f"key {key} was never used by provider {p} on this request: not a replay"
            body = result.body
            mine = m.offers[p]
            if mine.bid_id is None:
                mine.bid_id = body["bid"]["id"]
            same(body, {"bid": {"id": mine.bid_id, **m.bid_body(p)}, "standings": m.provider_view(p, now)},
                 f"the ack of provider {p}'s bid")
            m.remember(p, key, body)
            if key:
                self.used_keys[p].append(key)
            self.last_answer = (p, body)
            stats["accepted bids"] += 1
            stats["extended by a bid"] += outcome.extended
            self._after_change(outcome, ranks_before, now,
                               outbid=expected_leader.provider if expected_leader and expected_leader.provider != p
                               and price < expected_leader.price_cents else None)

        @precondition(lambda self: self.model.offers)
        @rule(p=pick(range(4)), the_best=st.booleans())
        def withdraw(self, p, the_best):
            """Any provider's withdrawal (also one with no offer to withdraw), or the best offer's:
            the one that moves the best price, and may extend the window."""
            m = self.model
            p = m.best().provider if the_best and m.best() else p % self.n
            self._tick()
            now = clock.now
            ranks_before = m.ranks()
            outcome = m.withdraw(p, now)
            try:
                body = withdraw_bid(db.session, self.w.providers[p], self.request_id)
            except DomainError as error:
                self._refused(p, error, outcome, "withdrawal")
                return
            assert outcome.ok, f"withdrawal by provider {p} was accepted; the model expects {set(outcome.errors)}"
            mine = m.offers[p]
            same(body, {"bid": {"id": mine.bid_id, **m.bid_body(p)}, "standings": m.provider_view(p, now)},
                 f"the ack of provider {p}'s withdrawal")
            self.last_answer = (p, body)
            stats["withdrawals"] += 1
            stats["extended by a withdrawal"] += outcome.extended
            self._after_change(outcome, ranks_before, now)

        @rule(seconds=pick([0.5, 1, 5, 30, 61]))
        def time_passes(self, seconds):
            clock.advance(seconds)
            self._count_step()

        @precondition(lambda self: self.model.status == "open" and self.step_no >= 3)
        @rule(left=pick(["soft+1", "soft", "soft-1", "half", "1", "0.001"]))
        def to_the_last_seconds(self, left):
            """Straight to the soft-close zone, where extensions happen."""
            soft = self.model.soft_close_seconds
            seconds = {"soft+1": soft + 1, "soft": soft, "soft-1": soft - 1, "half": soft / 2, "1": 1,
                       "0.001": 0.001}[left]
            target = self.model.closes_at - timedelta(seconds=max(seconds, 0.001))
            if target > clock.now:
                clock.now = target
            self._count_step()

        @precondition(lambda self: self.model.status == "open" and self.model.soft_close_seconds
                      and clock.now < self.model.closes_at)
        @rule(p=pick(range(4)), left=pick([1, 10, 59, 119]), pull_the_best=st.booleans())
        def change_the_best_in_the_last_seconds(self, p, left, pull_the_best):
            """The moves soft close is for: an offer that beats the best, or the best offer pulled,
            seconds before the close (again and again, up to the cap)."""
            target = self.model.closes_at - timedelta(seconds=min(left, self.model.soft_close_seconds - 0.5))
            if target > clock.now:
                clock.now = target
            if pull_the_best and self.model.best() is not None:
                self.withdraw(p, the_best=True)
            else:
                self._bid(p % self.n, "beat_best", "fresh", False)

        @precondition(lambda self: self.step_no >= 15 or clock.now >= self.model.closes_at)
        @rule(at_deadline=st.booleans())
        def close(self, at_deadline):
            m = self.model
            if at_deadline and m.status == "open" and clock.now < m.closes_at:
                clock.now = m.closes_at
            self._tick()
            now = clock.now
            active = {o.provider for o in m.ranking()}
            expected = m.close(now)
            assert lifecycle.close_window(db.session, self.request_id).result == expected, "the close"
            stats[f"close: {expected}"] += 1
            if expected == "done":
                for p in active:
                    self.expected_notes[p].append("closed")
                self._changed(now, "closed")
            else:
                self._expect_no_change()

        @precondition(lambda self: self.model.status == "no_offers")
        @rule()
        def reopen(self):
            """A new window, in which a provider that withdrew in the last one may bid again."""
            m = self.model
            self._tick()
            now = clock.now
            closes_at = now + timedelta(seconds=WINDOW_SECONDS)
            support_requests.reopen(db.session, self.w.consultant, self.request_id,
                                    {"opens_at": now.isoformat(), "closes_at": closes_at.isoformat()})
            m.reopen(now, closes_at)
            stats["reopened"] += 1
            self._changed(now, "opened")

        @precondition(lambda self: sum(map(len, self.other_keys.values())) < 3)
        @rule(p=pick(range(4)), reuse=st.booleans())
        def bid_on_a_second_request(self, p, reuse):
            """A key is the organisation's for one request: the same key on a second request is
            a new bid there, and that bid's key is again new on the first."""
            p %= self.n
            if self.other_id is None:
                self.other_id = self._new_request(soft_close_seconds=0, visibility="open", closes_at=(
                    clock.now + timedelta(hours=20)).isoformat())
            reusable = [k for k in self.used_keys[p] if k not in self.other_keys[p]]
            key = reusable[-1] if reuse and reusable else self._key()
            price = self.other_prices.get(p, 140000 + 100) - 100
            self._tick()
            result = place_bid(db.session, self.w.providers[p], self.other_id, parse_bid({
                "price_cents": price, "idempotency_key": key, "start_date": "2027-03-01", "approach": "Elders"}))
            assert not result.replayed and result.body["bid"]["request_id"] == self.other_id \
                and result.body["bid"]["price_cents"] == price, \
                f"key {key} on a second request answered as {result.body['bid']}: a lost bid"
            self.other_prices[p] = price
            stats["bids on a second request" + (" with a key from the first" if key in self.used_keys[p] else "")] += 1
            self.other_keys[p].append(key)
            self.changes.clear()  # the second request's broadcast

    AuctionMachine.clock, AuctionMachine.visibility, AuctionMachine.stats = clock, visibility, stats
    return AuctionMachine


def _price(move: str, own: int | None, best: int | None, step: int) -> int:
    anchor = own if own is not None else (best if best is not None else 120000)
    return {
        "step": anchor - step,
        "step_less_a_cent": anchor - step + 1,
        "two_steps": anchor - 2 * step,
        "same": anchor,
        "tie_best": best if best is not None else anchor - step,
        "beat_best": (best if best is not None else anchor) - step,
        "under_best": (best if best is not None else anchor) - 1,
        "floor": FLOOR,
        "below_floor": FLOOR - 1,
        "maximum": MAXIMUM,
        "above_maximum": MAXIMUM + 1,
        "big_drop": max(FLOOR, anchor - 20 * step),
    }[move]


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_the_auction_keeps_to_the_model(app, clock, backend, visibility, record_property, pytestconfig):
    stats = Counter()
    started = time.monotonic()
    found = []
    # Hypothesis's pytest plugin shows statistics only for @given tests; a state machine run
    # inside a test shows them with the measurements (with --hypothesis-show-statistics).
    with collector.with_value(lambda statistics: found.append(describe_statistics(statistics))):
        run_state_machine_as_test(machine_for(app, clock, visibility, stats), settings=settings(
            max_examples=EXAMPLES_BY_BACKEND[backend], stateful_step_count=STEPS, deadline=None,
            derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]))
    title = f"auction model, {visibility} on {backend}"
    if pytestconfig.getoption("--hypothesis-show-statistics", False):
        for text in found:  # less its events, which print every rule of the machine in full
            lines = [line for line in text.splitlines() if "Rule(function=" not in line and "Events:" not in line]
            record_property("summary", f"{title}, Hypothesis statistics:\n" + "\n".join(lines))
    seen = ", ".join(f"{name} {count}" for name, count in sorted(stats.items()) if name not in ("examples", "steps"))
    record_property("summary", f"{title}: {stats['examples']} sequences, {stats['steps']} steps, "
                               f"{time.monotonic() - started:.1f} s ({seen})")
