"""The auction-model test's state machine (domain/test_auction_model.py) less its rules: the
people it plays, its bookkeeping, and what it checks of the domain after every call and every
step against the reference model (auction_model.py): each provider's standings on the current
and the broadcast snapshot, the answer to its own call, its inbox and e-mails, every accepted
price within floor, maximum and step, closes_at within its cap, and the audit trail's count.
The rules (what providers do) stay in the test, which mixes these classes in."""
import json
from collections import Counter
from datetime import timedelta

import sqlalchemy as sa
from hypothesis.stateful import invariant

from marketplace.auction import support_requests
from marketplace.auction.actors import Actor
from marketplace.auction.bidding import current_snapshot
from marketplace.auction.changes import StandingsChanged, WindowScheduled
from marketplace.auction.errors import DomainError
from marketplace.auction.standings import Views, consultant_view, provider_view, view_for
from marketplace.extensions import db
from marketplace.models import AuditEvent, Bid, BidRevision, EmailOutbox, Notification, Request, User
from marketplace.privacy import detection

from . import world
from .auction_model import price_leaks
from .clock import Clock
from .world import request_payload

FLOOR, MAXIMUM = 60000, 150000
WINDOW_SECONDS = 600
# The audit trail's record of the auction, counted against the model.
AUDITED = ("bid_placed", "bid_revised", "bid_withdrawn", "window_extended", "window_closed")
# Notices that say nothing about other offers; any other kind is about the ranking.
NEUTRAL_KINDS = {"new_request", "window_open", "closing_soon", "closed", "reopened"}


class World:
    """The test world's consultant and four approved providers, looked up once per test."""

    def __init__(self):
        users = {u.email: u for u in db.session.scalars(sa.select(User))}
        consultant = users[world.email("consulent")]
        self.consultant = Actor(kind="consultant", user_id=consultant.id, gemeente_id=consultant.gemeente_id)
        self.providers = []
        self.names = []  # what no provider may read of another: its name and e-mail address
        for i in range(1, 5):
            user = users[world.email(f"aanbieder{i}")]
            self.providers.append(Actor(kind="provider", user_id=user.id, organisation_id=user.organisation_id))
            self.names.append((world.ORG_NAMES[i], user.email))
        self.user_of = {self.providers[i].user_id: i for i in range(4)}
        self.address_of = {world.email(f"aanbieder{i + 1}"): i for i in range(4)}
        db.session.commit()


class Bookkeeping:
    """The state machine's own records: the requests it makes, its steps and instants, the
    idempotency keys it has used, and which providers a rule may pick. Set by the machine:
    clock, visibility, stats (the counts printed with the measurements), and once started
    w (the World), n (the providers taking part), model, example, keys, used_keys, other_keys
    and changes (what the domain announced since the last step)."""

    clock: Clock
    visibility: str
    stats: Counter

    def _record(self, change):
        self.changes.append(change)

    def _max_id(self, model) -> int:
        return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(model.id), 0)))

    def _new_request(self, **overrides) -> int:
        body = request_payload(self.clock.now, **{
            "visibility": self.visibility, "floor_price_cents": FLOOR, "max_price_cents": MAXIMUM,
            "closes_at": (self.clock.now + timedelta(seconds=WINDOW_SECONDS)).isoformat(), **overrides})
        request_id = support_requests.create_request(db.session, self.w.consultant, body).id
        support_requests.publish(db.session, self.w.consultant, request_id, detection.patterns_only)
        return request_id

    def _tick(self):
        """Every operation at an instant of its own, as on a real clock."""
        self.clock.advance(0.001)
        self._count_step()

    def _count_step(self):
        self.step_no += 1
        self.stats["steps"] += 1

    def _key(self) -> str:
        return f"ex{self.example}-k{next(self.keys)}"

    def _providers(self, which) -> list[int]:
        return [p for p in range(self.n) if which(self.model.offers.get(p))]

    def _pick(self, p: int, which) -> int:
        candidates = self._providers(which)
        return candidates[p % len(candidates)]

    def _choose_key(self, p: int, mode: str) -> str | None:
        if mode == "none":
            return None
        if mode in ("repeat_own", "repeat_own_new_price") and self.used_keys[p]:
            return self.used_keys[p][-1]
        if mode == "other_providers":
            others = [k for q in range(self.n) if q != p for k in self.used_keys[q]]
            if others:
                return others[-1]
        if mode == "from_other_request" and self.other_keys[p]:
            return self.other_keys[p][-1]
        return self._key()


class ModelChecks:
    """The checks, on what Bookkeeping lists and, once started, the machine's request_id, the
    inbox watermarks and the notices each provider is expected to get."""

    clock: Clock
    visibility: str
    stats: Counter

    # --- how a call's answer is judged -----------------------------------------------------
    def _refused(self, p: int, error: DomainError, outcome, what: str) -> None:
        assert error.code in outcome.errors, \
            f"{what} by provider {p}: {error.code} ({error.message}); the model expects " \
            f"{set(outcome.errors) or 'it accepted'}"
        self.last_error = (p, error)
        self.stats[error.code] += 1
        self._expect_no_change()

    def _expect_no_change(self):
        assert not [c for c in self.changes if isinstance(c, StandingsChanged)], "a refusal broadcast a change"

    def _after_change(self, outcome, ranks_before, now, outbid=None):
        m = self.model
        self._changed(now, "extended" if outcome.extended else None)
        ranks_after = m.ranks()
        self.rank_changed = {q for q in range(4) if ranks_before.get(q) != ranks_after.get(q)}
        if outbid is not None and self.visibility == "open":
            self.expected_notes[outbid].append("outbid")
        if outcome.extended:
            scheduled = [c for c in self.changes if isinstance(c, WindowScheduled)]
            assert scheduled and scheduled[-1].closes_at == m.closes_at, \
                "an extension re-arms the close at the new closes_at"

    def _changed(self, now, reason):
        """One broadcast of the new state, and each provider's view of it is the model's."""
        changes = [c for c in self.changes if isinstance(c, StandingsChanged)]
        assert len(changes) == 1, f"one broadcast per change, got {[c.reason for c in changes]}"
        change = changes[0]
        if reason is not None:
            assert change.reason == reason, f"broadcast as {change.reason!r}, the model: {reason!r}"
        else:
            assert change.reason != "extended", "broadcast as an extension, but closes_at stayed"
        assert change.snapshot.seq == self.model.seq, "seq moves by one with every change"
        views = Views(change.snapshot, now)
        for p in range(4):
            same(views.provider(self.w.providers[p].organisation_id), self.model.provider_view(p, now),
                 f"the standings broadcast to provider {p}")

    # --- after every step ----------------------------------------------------------------
    @invariant()
    def after_every_step(self):
        """Read in one transaction (round trips are most of this test's time on PostgreSQL)."""
        if not hasattr(self, "model"):
            return
        try:
            self._each_provider_sees_what_the_model_allows()
            self._every_accepted_price_kept_to_floor_maximum_and_step()
            self._answers_tell_no_more()
            self._inbox_tells_no_more()
        finally:
            db.session.commit()
        self.changes.clear()

    def _each_provider_sees_what_the_model_allows(self):
        m = self.model
        now = self.clock.now
        request = db.session.get(Request, self.request_id)
        snapshot = current_snapshot(db.session, request)
        views = Views(snapshot, now)
        for p in range(4):
            actor = self.w.providers[p]
            expected = m.provider_view(p, now)
            same(provider_view(snapshot, actor.organisation_id, now), expected, f"provider {p}'s standings")
            same(views.provider(actor.organisation_id), expected, f"provider {p}'s standings (Views)")
            same(view_for(snapshot, actor, now), expected, f"provider {p}'s standings (view_for)")
        # The final standings, and every standings before them: the consultant's ranking, and
        # the withdrawals the consultant watches too.
        consultant = consultant_view(snapshot, now)
        ranked = [(o["provider"]["id"], o["price_cents"], o["rank"])
                  for o in consultant["offers"] if o.get("rank") is not None]
        assert ranked == [(self.w.providers[o.provider].organisation_id, o.price_cents, i + 1)
                          for i, o in enumerate(m.ranking())], "the ranking"
        organisation = {self.w.providers[p].organisation_id: p for p in range(4)}
        assert sorted((organisation[o["provider"]["id"]], o["price_cents"]) for o in consultant["withdrawn"]) \
            == m.withdrawn(), "the withdrawals in the consultant's view"
        audited = Counter(dict(db.session.execute(
            sa.select(AuditEvent.action, sa.func.count()).where(
                AuditEvent.request_id == self.request_id, AuditEvent.action.in_(AUDITED))
            .group_by(AuditEvent.action)).all()))
        assert audited == m.audited, f"the audit trail: {dict(audited)}, the model: {dict(m.audited)}"
        assert request.closes_at == m.closes_at and request.status == m.status and request.seq == m.seq
        cap = request.original_closes_at + timedelta(seconds=request.max_extension_seconds)
        assert request.closes_at <= cap, "closes_at past original_closes_at + max_extension_seconds"
        if request.closes_at == cap and request.max_extension_seconds and self.step_no != self.capped_at:
            self.stats["extended to the cap"] += self.capped_at is None
            self.capped_at = self.step_no

    def _every_accepted_price_kept_to_floor_maximum_and_step(self):
        rows = db.session.execute(
            sa.select(BidRevision.bid_id, BidRevision.revision, BidRevision.price_cents)
            .join(Bid, Bid.id == BidRevision.bid_id).where(Bid.request_id == self.request_id)
            .order_by(BidRevision.bid_id, BidRevision.revision)).all()
        previous = {}
        for bid_id, revision, price in rows:
            assert FLOOR <= price <= MAXIMUM, f"revision {revision} of bid {bid_id}: {price} out of bounds"
            if bid_id in previous and self.model.same_window(bid_id, revision, revision - 1):
                assert price <= previous[bid_id] - self.model.step_cents, \
                    f"revision {revision} of bid {bid_id}: {price} after {previous[bid_id]}"
            previous[bid_id] = price

    def _answers_tell_no_more(self):
        """The answer to a provider's own call names no other provider and, unless the
        request is open, gives away no other price."""
        for p, answer in ([self.last_answer] if self.last_answer else []) + (
                [(self.last_error[0], self.last_error[1].to_dict())] if self.last_error else []):
            self._judge_text(p, json.dumps(answer, ensure_ascii=False, default=str), "the answer to its call")
        self.last_answer = self.last_error = None

    def _judge_text(self, p: int, text: str, where: str):
        for q, (name, email) in enumerate(self.w.names):
            if q != p:
                assert name not in text and email not in text, f"{where} of provider {p} names provider {q}"
        if self.visibility != "open":
            # The request's own bounds are no secret, even when someone offered exactly them.
            secret = self.model.secret_prices(p) - {FLOOR, MAXIMUM, self.model.step_cents}
            leaked = price_leaks(text, secret)
            assert not leaked, f"{where} of provider {p} gives away {leaked} in a {self.visibility} request: {text}"

    def _inbox_tells_no_more(self):
        after_note, after_mail = self.watermarks
        notes = db.session.execute(
            sa.select(Notification.id, Notification.user_id, Notification.kind, Notification.subject,
                      Notification.body, Notification.link, Notification.wording)
            .where(Notification.id > after_note).order_by(Notification.id)).all()
        mails = db.session.execute(
            sa.select(EmailOutbox.id, EmailOutbox.to_address, EmailOutbox.subject, EmailOutbox.body,
                      EmailOutbox.notification_id)
            .where(EmailOutbox.id > after_mail).order_by(EmailOutbox.id)).all()
        if notes:
            after_note = notes[-1].id
        if mails:
            after_mail = mails[-1].id
        self.watermarks = (after_note, after_mail)
        other = f"/aanvragen/{self.other_id}" if self.other_id else None
        kinds: dict[int, list[str]] = {p: [] for p in range(4)}
        of_other_request = set()
        for note in notes:
            p = self.w.user_of.get(note.user_id)
            if p is None:
                continue
            self._judge_text(p, " ".join((note.subject, note.body, note.link, json.dumps(note.wording))),
                             f"inbox notice {note.kind!r}")
            if other and note.link.endswith(other):
                of_other_request.add(note.id)
                continue
            kinds[p].append(note.kind)
        for mail in mails:
            p = self.w.address_of.get(mail.to_address)
            if p is not None:
                self._judge_text(p, f"{mail.subject} {mail.body}", "e-mail")
        for p in range(4):
            expected = self.expected_notes[p]
            got = kinds[p]
            if self.visibility == "rank_only":
                # May say that its rank changed (never a price): only in a step that changed it.
                about_rank = [k for k in got if k not in NEUTRAL_KINDS]
                assert not about_rank or p in self.rank_changed, \
                    f"provider {p} got {about_rank} in a step that left its rank as it was"
                got = [k for k in got if k in NEUTRAL_KINDS]
                expected = [k for k in expected if k in NEUTRAL_KINDS]
            assert sorted(got) == sorted(expected), f"provider {p}'s inbox: {got}, the model: {expected}"
        noted = sorted(n.id for n in notes if self.w.user_of.get(n.user_id) is not None)
        mailed = sorted(m.notification_id for m in mails if m.notification_id in noted)
        assert mailed == noted, "every inbox notice, and nothing else, is also mailed"
        self.expected_notes = {p: [] for p in range(4)}
        self.rank_changed = set()


def same(got: dict, expected: dict, what: str) -> None:
    """got == expected, failing with only what differs: a view printed whole hides it."""
    if got == expected:
        return
    differences = []
    for part in sorted(set(got) | set(expected)):
        if part not in expected:
            differences.append(f"{part}={got[part]!r} (the model has no such part: it says more than it may)")
        elif part not in got:
            differences.append(f"{part} missing (the model: {expected[part]!r})")
        elif isinstance(got[part], dict) and isinstance(expected[part], dict) and got[part] != expected[part]:
            try:
                same(got[part], expected[part], part)
            except AssertionError as inner:
                differences.append(str(inner))
        elif got[part] != expected[part]:
            differences.append(f"{part}={got[part]!r}, the model: {expected[part]!r}")
    raise AssertionError(f"{what}: " + "; ".join(differences))
