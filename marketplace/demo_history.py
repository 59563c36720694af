"""A past for a gemeente: requests published over the past months that closed, were awarded,
started and ended (and a few that got no offers or were cancelled), with their offers, the
assignments, reviews per result area with ZRM scores, the clients' surveys and a few complaints.

Drawn from a seeded random generator, so every load is the same, and inserted in bulk, so a
year of it takes well under a second. The demo data (demo.py) gives Lelystad a year of it; the
benchmark of the steering figures (bench/stats.py) seeds 10,000 requests with it."""
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .auction.actors import SCHEDULER
from .auction.audit_chain import event_hash
from .models import (
    Assignment,
    AuditEvent,
    Bid,
    BidRevision,
    Category,
    ClientRecord,
    Complaint,
    Gemeente,
    Request,
    RequestResultArea,
    Review,
    ReviewResult,
    SurveyResponse,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SUPPORT_AREAS = ["administratie_financien", "dagstructuur", "sociale_redzaamheid", "werknemersvaardigheden",
                 "sociaal_netwerk"]
ZRM_DOMAINS = ["financien", "dagbesteding", "huisvesting", "huiselijke_relaties", "geestelijke_gezondheid",
               "sociaal_netwerk"]
QUESTIONS = ("tevreden", "past", "zelf", "respect", "afspraken", "beter")
DESCRIPTIONS = {
    "begeleiding_individueel": ["Volwassene die hulp zoekt bij post, betalingen en een vaste weekstructuur.",
                                "Jongvolwassene die zelfstandig gaat wonen en hulp zoekt bij administratie.",
                                "Volwassene die na een moeilijke periode weer grip op de dag wil krijgen."],
    "huishoudelijke_ondersteuning": ["Oudere met beperkte mobiliteit; hulp bij het schoonhouden van de woning.",
                                     "Alleenstaande ouder met een chronische ziekte; hulp in het huishouden."],
}
APPROACHES = ["Vaste begeleider, wekelijks huisbezoek, samen een plan.",
              "Twee keer per week kort contact en een digitale agenda.",
              "Begeleider thuis en op afspraak, met flexibele tijden.",
              "Vaste hulp op een vaste dag, met een vervanger bij ziekte."]
COMPLAINTS = ["Afspraken werden meerdere keren verzet zonder bericht.",
              "De begeleider wisselde vaak; de cliënt moest steeds opnieuw beginnen.",
              "De start liet lang op zich wachten."]
FIRST_NAMES = ["Anna", "Bram", "Cor", "Dewi", "Els", "Fenna", "Gijs", "Hanneke", "Ilse", "Joost", "Kees", "Lotte"]
LAST_NAMES = ["Bos", "de Graaf", "Hendriks", "Jansen", "Kuiper", "Meijer", "Peters", "Smit", "Vos", "Willems"]


@dataclass(frozen=True)
class Profile:
    """How one provider behaves in the history."""
    bid_chance: float                 # the chance it offers on a request of its categories
    price: tuple[float, float]        # its offers, as a share of the maximum price
    delay: tuple[int, int]            # days its actual start lies after the start it offered
    achieved: float                   # the chance a result area is achieved at a review
    satisfaction: float               # the clients' mean answer (1-5)
    complaints: float                 # the chance of a complaint per started assignment
    since_days: int | None = None     # offers only on requests published at most this long ago
    wins: bool = True                 # False: offers, but is never chosen


@dataclass(frozen=True)
class Provider:
    organisation_id: int
    user_id: int | None
    profile: Profile


@dataclass
class Plan:
    """The rows to insert, as dicts, before the ids that link them exist."""
    requests: list
    areas: list
    bids: list           # per request: a list of bid dicts
    winners: list        # per request: the index of the awarded bid, or None


def _moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM).astimezone(timezone.utc)


def _day_of(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


def plan(rng: random.Random, gemeente: Gemeente, categories: dict[str, int], consultant_id: int,
         providers: list[Provider], count: int, today: date, days: int) -> Plan:
    """`count` requests published over the `days` before `today` (the newest ten days ago, so
    that every one of them is decided)."""
    first = today - timedelta(days=days)
    span = days - 10
    publish_days = sorted(first + timedelta(days=int(span * rng.random())) for _ in range(count))
    requests, areas, bids, winners = [], [], [], []
    for index, day in enumerate(publish_days):
        household = rng.random() < 0.3
        category = "huishoudelijke_ondersteuning" if household else "begeleiding_individueel"
        codes = ["huishoudelijke_hulp"] if household else rng.sample(SUPPORT_AREAS, rng.choice((1, 2, 2, 3)))
        maximum = rng.choice((60000, 75000, 90000) if household else (120000, 135000, 150000, 165000))
        published = _moment(day, rng.randint(8, 16), rng.randint(0, 59))
        closes = published + timedelta(days=2)
        req = {"gemeente_id": gemeente.id, "reference": f"history-{index}", "category_id": categories[category],
               "region": rng.choice(("821", "822", "823", "824")), "start_date": day + timedelta(days=21),
               "duration_weeks": rng.choice((13, 26, 26, 39)), "max_price_cents": maximum,
               "floor_price_cents": maximum * gemeente.floor_percent // 100,
               "description": rng.choice(DESCRIPTIONS[category]), "opens_at": published, "closes_at": closes,
               "original_closes_at": closes, "visibility": "open", "min_step_cents": 100,
               "soft_close_seconds": 120, "max_extension_seconds": 1800, "status": "awarded",
               "created_by_id": consultant_id, "created_at": published - timedelta(minutes=20),
               "published_at": published, "closed_at": closes + timedelta(seconds=1)}
        requests.append(req)
        areas.append([(code, "licht" if household else rng.choice(("licht", "midden", "midden", "zwaar")))
                      for code in codes])
        offers, winner = _offers(rng, req, providers, today, index)
        bids.append(offers)
        winners.append(winner)
    return Plan(requests, areas, bids, winners)


def _offers(rng: random.Random, req: dict, providers: list[Provider], today: date, index: int):
    """The offers on one request and which one won; sets the request's status and times."""
    published, closes, maximum = req["published_at"], req["closes_at"], req["max_price_cents"]
    fate = rng.random()
    if fate < 0.04:  # cancelled while the window ran: the client found help elsewhere
        req.update(status="cancelled", closed_at=None, cancelled_at=published + timedelta(days=1),
                   cancel_reason="De cliënt heeft elders hulp gevonden.")
        return [], None
    age = (today - _day_of(published)).days
    able = [p for p in providers if p.profile.since_days is None or age <= p.profile.since_days]
    winning = [p for p in able if p.profile.wins]
    # Now and then the leading offer is pulled just before the close (a signal worth a look).
    puller = rng.choice(winning) if len(winning) > 1 and (index % 61 == 23 or rng.random() < 0.01) else None
    bidders = [] if fate < 0.09 else [p for p in able if p is not puller and rng.random() < p.profile.bid_chance]
    if bidders and not any(p.profile.wins for p in bidders):
        bidders.append(rng.choice([p for p in winning if p is not puller]))
    if not bidders:
        req["status"] = "no_offers"
        return [], None
    rng.shuffle(bidders)
    offers = []
    for provider in bidders:
        low, high = provider.profile.price
        share = rng.uniform(0.93, 0.99) if len(bidders) == 1 else rng.uniform(low, high)
        price = max(req["floor_price_cents"], int(maximum * share) // 100 * 100)
        offers.append(_bid(rng, provider, price, published, closes, req["start_date"]))
    if len(offers) > 1 and (index % 53 == 11 or rng.random() < 0.01):  # two providers at one price
        cheapest = sorted(offers, key=lambda o: o["price_cents"])
        cheapest[1]["price_cents"] = cheapest[0]["price_cents"]
    standing = sorted(range(len(offers)), key=lambda i: (offers[i]["price_cents"], offers[i]["created_at"]))
    winnable = [i for i in standing if offers[i]["provider"].profile.wins]
    winner = winnable[0] if len(winnable) == 1 or rng.random() < 0.8 else rng.choice(winnable[1:])
    if puller is not None:
        pulled = _bid(rng, puller, offers[standing[0]]["price_cents"] - 500, published, closes, req["start_date"])
        pulled.update(status="withdrawn", withdrawn_in_window=closes, updated_at=closes - timedelta(seconds=90))
        offers.append(pulled)
    chosen_at = closes + timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
    req.update(chosen_by="client", chosen_at=chosen_at, awarded_at=chosen_at + timedelta(hours=rng.randint(1, 30)),
               label_count=len(offers))
    if winner != standing[0] and offers[winner]["price_cents"] > offers[standing[0]]["price_cents"]:
        req["award_motivation"] = "De cliënt kiest deze aanbieder om de aanpak en de eerdere ervaring."
    for number, offer in enumerate(offers):
        offer["label"] = chr(ord("A") + number)
    return offers, winner


def _bid(rng: random.Random, provider: Provider, price: int, published: datetime, closes: datetime,
         wished: date) -> dict:
    placed = published + (closes - published) * rng.random() * 0.9
    return {"provider": provider, "organisation_id": provider.organisation_id, "price_cents": price,
            "start_date": wished + timedelta(days=rng.randint(-3, 10)), "approach": rng.choice(APPROACHES),
            "revision": 1, "status": "active", "price_reached_at": placed, "created_at": placed,
            "updated_at": placed, "withdrawn_in_window": None}


def insert_plan(session: Session, the_plan: Plan, gemeente: Gemeente) -> tuple[list[int], list[list[int]]]:
    """The requests, their result areas and offers; the awards link them. Returns the request
    ids and, per request, its offers' ids."""
    request_ids = list(session.scalars(sa.insert(Request).returning(Request.id, sort_by_parameter_order=True),
                                       the_plan.requests))
    session.execute(sa.insert(RequestResultArea), [
        {"request_id": rid, "code": code, "complexity": complexity}
        for rid, request_areas in zip(request_ids, the_plan.areas) for code, complexity in request_areas])
    flat = [(rid, offer) for rid, offers in zip(request_ids, the_plan.bids) for offer in offers]
    bid_rows = [{k: v for k, v in offer.items() if k != "provider"} | {"request_id": rid} for rid, offer in flat]
    flat_ids = list(session.scalars(sa.insert(Bid).returning(Bid.id, sort_by_parameter_order=True), bid_rows)) \
        if bid_rows else []
    session.execute(sa.insert(BidRevision), [
        {"bid_id": bid_id, "revision": 1, "price_cents": offer["price_cents"], "start_date": offer["start_date"],
         "approach": offer["approach"], "actor_id": offer["provider"].user_id, "created_at": offer["created_at"]}
        for bid_id, (_, offer) in zip(flat_ids, flat)]) if flat_ids else None
    bid_ids, position = [], 0
    for offers in the_plan.bids:
        bid_ids.append(flat_ids[position:position + len(offers)])
        position += len(offers)
    updates = []
    for rid, req, ids, winner in zip(request_ids, the_plan.requests, bid_ids, the_plan.winners):
        change = {"id": rid, "reference": f"{gemeente.code}-{req['created_at'].year}-{rid:05d}"}
        if winner is not None:
            change.update(chosen_bid_id=ids[winner], awarded_bid_id=ids[winner])
        updates.append(change)
    session.execute(sa.update(Request), updates)
    for req, change in zip(the_plan.requests, updates):
        req["reference"] = change["reference"]
    return request_ids, bid_ids


def follow_up(rng: random.Random, session: Session, the_plan: Plan, request_ids: list[int],
              bid_ids: list[list[int]], consultant_id: int, today: date) -> list[dict]:
    """The assignment of every award with its reviews, survey and complaints; returns the
    assignment rows as inserted (with their ids)."""
    rows, details = [], []
    for rid, req, offers, ids, winner in zip(request_ids, the_plan.requests, the_plan.bids, bid_ids,
                                             the_plan.winners):
        if winner is None:
            continue
        won = offers[winner]
        profile = won["provider"].profile
        awarded_on = _day_of(req["awarded_at"])
        offered = max(won["start_date"], awarded_on + timedelta(days=rng.randint(3, 10)))
        started = offered + timedelta(days=rng.randint(*profile.delay))
        started = started if started <= today and started >= awarded_on else None
        ended = started + timedelta(weeks=req["duration_weeks"], days=rng.randint(-10, 10)) if started else None
        ended = ended if ended and ended <= today else None
        rows.append({"request_id": rid, "bid_id": ids[winner], "gemeente_id": req["gemeente_id"],
                     "organisation_id": won["organisation_id"], "category_id": req["category_id"],
                     "price_cents": won["price_cents"], "offered_start_date": offered, "awarded_on": awarded_on,
                     "status": "ended" if ended else "started" if started else "awarded", "started_on": started,
                     "ended_on": ended, "end_reason": rng.choice(("result_achieved",) * 6 + ("moved", "other"))
                     if ended else None, "review_every_weeks": 12, "created_at": req["awarded_at"]})
        details.append((profile, rid))
    ids = list(session.scalars(sa.insert(Assignment).returning(Assignment.id, sort_by_parameter_order=True), rows)) \
        if rows else []
    reviews, surveys, complaints, next_reviews = [], [], [], []
    areas_by_request = dict(zip(request_ids, the_plan.areas))
    for assignment_id, row, (profile, rid) in zip(ids, rows, details):
        row["id"] = assignment_id
        if row["started_on"] is None:
            continue
        last = _reviews(rng, reviews, row, profile, [c for c, _ in areas_by_request[rid]], consultant_id, today)
        if row["ended_on"] is None:
            next_reviews.append({"id": assignment_id, "next_review_on": last + timedelta(weeks=12)})
        _survey(rng, surveys, row, profile, today)
        _complaint(rng, complaints, row, profile, consultant_id, today)
    _insert_reviews(session, reviews)
    if surveys:
        session.execute(sa.insert(SurveyResponse), surveys)
    if complaints:
        session.execute(sa.insert(Complaint), complaints)
    if next_reviews:
        session.execute(sa.update(Assignment), next_reviews)
    return rows


def _reviews(rng, reviews: list, row: dict, profile: Profile, codes: list[str], consultant_id: int,
             today: date) -> date:
    """A start with the ZRM baseline, then a review every twelve weeks (and one at the end)."""
    start, until = row["started_on"], row["ended_on"] or today
    zrm = {domain: rng.randint(1, 3) for domain in rng.sample(ZRM_DOMAINS, 4)}
    reviews.append((row["id"], start, "start", dict(zrm), consultant_id, []))
    days = [start + timedelta(weeks=12 * k) for k in range(1, 20) if start + timedelta(weeks=12 * k) <= until]
    if row["ended_on"] and (not days or days[-1] != row["ended_on"]):
        days.append(row["ended_on"])
    for number, day in enumerate(days, start=1):
        chance = min(0.95, profile.achieved + 0.08 * (number - 1))
        outcomes = [(code, "achieved" if rng.random() < chance else "partly" if rng.random() < 0.6
                     else "not_achieved") for code in codes]
        zrm = {domain: min(5, score + (1 if rng.random() < chance / 2 else 0)) for domain, score in zrm.items()}
        reviews.append((row["id"], day, "review", dict(zrm), consultant_id, outcomes))
    return days[-1] if days else start


def _insert_reviews(session: Session, reviews: list) -> None:
    if not reviews:
        return
    ids = list(session.scalars(sa.insert(Review).returning(Review.id, sort_by_parameter_order=True), [
        {"assignment_id": a, "reviewed_on": day, "kind": kind, "zrm": zrm, "note": "", "created_by_id": by,
         "created_at": _moment(day, 11, 0)} for a, day, kind, zrm, by, _ in reviews]))
    results = [{"review_id": rid, "assignment_id": a, "result_area_code": code, "outcome": outcome}
               for rid, (a, _, _, _, _, outcomes) in zip(ids, reviews) for code, outcome in outcomes]
    if results:
        session.execute(sa.insert(ReviewResult), results)


def _survey(rng, surveys: list, row: dict, profile: Profile, today: date) -> None:
    answered_on = row["started_on"] + timedelta(weeks=rng.randint(4, 10))
    if answered_on > today or rng.random() > 0.65:
        return
    answers = {q: max(1, min(5, round(rng.gauss(profile.satisfaction, 0.7)))) for q in QUESTIONS}
    surveys.append({"assignment_id": row["id"], "answers": answers,
                    "mean_score": round(sum(answers.values()) / len(answers), 2), "comment": "",
                    "on_behalf_of_client": rng.random() < 0.25, "submitted_at": _moment(answered_on, 10, 30)})


def _complaint(rng, complaints: list, row: dict, profile: Profile, consultant_id: int, today: date) -> None:
    if rng.random() >= profile.complaints:
        return
    until = row["ended_on"] or today
    received = row["started_on"] + timedelta(days=int(rng.random() * max(1, (until - row["started_on"]).days)))
    resolved = received + timedelta(days=rng.randint(7, 20))
    about = "gemeente" if rng.random() < 0.1 else "provider"
    complaints.append({"assignment_id": row["id"], "number": 1, "received_on": received, "about": about,
                       "summary": rng.choice(COMPLAINTS) if about == "provider"
                       else "De beschikking liet lang op zich wachten.",
                       "resolved_on": resolved if resolved <= today else None,
                       "resolution": "Besproken met de cliënt en de aanbieder; afspraken vastgelegd."
                       if resolved <= today else None, "created_by_id": consultant_id,
                       "created_at": _moment(received, 14, 0)})


def seal_clients(rng: random.Random, session: Session, request_ids: list[int], sealer, now: datetime) -> None:
    """Each request's client, sealed as every request's client is (made-up names)."""
    session.execute(sa.insert(ClientRecord), [
        {"request_id": rid, "sealed": sealer({"name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                                              "bsn": None, "address": "Lelystad", "phone": None,
                                              "date_of_birth": None, "notes": None}),
         "created_at": now, "sealed_at": now} for rid in request_ids])


def categories_of(session: Session, gemeente_id: int) -> dict[str, int]:
    return dict(session.execute(sa.select(Category.code, Category.id).where(Category.gemeente_id == gemeente_id)).all())


def audit_history(session: Session, the_plan: Plan, request_ids: list[int], bid_ids: list[list[int]],
                  consultant_id: int) -> None:
    """Each request's trail in the order it happened (made, published, opened, the offers, closed
    or cancelled, chosen, awarded), chained with the trail's own hash (auction.audit_chain) and
    inserted at once: a thousand events one by one would hold up `make run` for seconds."""
    consultant = f"user:{consultant_id}"
    events, heads = [], []
    for rid, req, offers, ids, winner in zip(request_ids, the_plan.requests, the_plan.bids, bid_ids,
                                             the_plan.winners):
        steps = [(req["created_at"], consultant, "request_created", {"reference": req["reference"]}),
                 (req["published_at"], consultant, "request_published", {}),
                 (req["published_at"], consultant, "window_opened", {})]
        bids = []
        for bid_id, offer in zip(ids, offers):
            bidder = f"user:{offer['provider'].user_id}" if offer["provider"].user_id else "system"
            bids.append((offer["created_at"], bidder, "bid_placed", {
                "bid_id": bid_id, "label": offer["label"], "revision": 1, "price_cents": offer["price_cents"]}))
            if offer["status"] == "withdrawn":
                bids.append((offer["updated_at"], bidder, "bid_withdrawn", {
                    "bid_id": bid_id, "label": offer["label"], "price_cents": offer["price_cents"]}))
        steps += sorted(bids, key=lambda step: step[0])
        standing = [o for o in offers if o["status"] == "active"]
        if req["status"] == "cancelled":
            steps.append((req["cancelled_at"], consultant, "request_cancelled", {"reason": req["cancel_reason"]}))
        else:
            steps.append((req["closed_at"], SCHEDULER.audit_name, "window_closed", {
                "status": req["status"], "offers": len(standing), "lateness_ms": 1000}))
        if winner is not None:
            steps.append((req["chosen_at"], consultant, "offer_chosen", {"bid_id": ids[winner],
                                                                         "on_behalf_of_client": True}))
            steps.append((req["awarded_at"], consultant, "request_awarded", {
                "bid_id": ids[winner], "price_cents": offers[winner]["price_cents"],
                "lowest_price_cents": min(o["price_cents"] for o in standing),
                "motivation": req.get("award_motivation")}))
        prev = None
        for at, actor, action, details in steps:
            digest = event_hash(prev, actor, action, rid, req["gemeente_id"], details, at)
            events.append({"request_id": rid, "gemeente_id": req["gemeente_id"], "actor": actor, "action": action,
                           "details": details, "created_at": at, "prev_hash": prev, "hash": digest})
            prev = digest
        heads.append({"id": rid, "audit_head": prev})
    if events:
        session.execute(sa.insert(AuditEvent), events)
        session.execute(sa.update(Request), heads)


def add_history(session: Session, gemeente: Gemeente, consultant_id: int, providers: list[Provider], *,
                count: int, today: date, now: datetime, days: int = 365, seed: int = 20,
                sealer=None, with_audit: bool = True) -> dict:
    """Insert `count` decided requests of `gemeente` over the `days` before `today` and all
    that followed them; `sealer` seals each client's data (None: no client records)."""
    rng = random.Random(seed)
    the_plan = plan(rng, gemeente, categories_of(session, gemeente.id), consultant_id, providers, count, today,
                    days)
    request_ids, bid_ids = insert_plan(session, the_plan, gemeente)
    assignments = follow_up(rng, session, the_plan, request_ids, bid_ids, consultant_id, today)
    if sealer is not None:
        seal_clients(rng, session, request_ids, sealer, now)
    if with_audit:
        audit_history(session, the_plan, request_ids, bid_ids, consultant_id)
    return {"requests": len(request_ids), "offers": sum(len(ids) for ids in bid_ids),
            "assignments": len(assignments)}
