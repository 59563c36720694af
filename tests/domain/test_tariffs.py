"""The tariff table gives a new request its prices: left out, the maximum is the sum of its result
areas' tariffs and the floor the gemeente's percentage of that sum (rounded down to whole cents);
the consultant may lower the maximum, not raise it past the table without a written reason,
which is stored and audited; without a tariff for every result area the consultant names the
maximum. The gemeente's defaults (visibility, soft close, client code lifetime) fill in the rest."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.auction import award, support_requests
from marketplace.auction.errors import DomainError
from marketplace.extensions import db
from marketplace.gemeente.tariffs import default_prices, seed_tariffs, table_for_form
from marketplace.models import AuditEvent, Gemeente, Request, ResultArea, Tariff
from marketplace.privacy import detection
from tests.support import world
from tests.support.world import request_payload

TWO_AREAS = [{"code": "administratie_financien", "complexity": "midden"},
             {"code": "dagstructuur", "complexity": "licht"}]


@pytest.fixture
def lelystad(ctx):
    return db.session.scalar(sa.select(Gemeente).where(Gemeente.code == "LEL"))


@pytest.fixture
def table(lelystad):
    """Lelystad's starting table: administratie_financien midden € 1.500, dagstructuur licht € 750."""
    seed_tariffs(db.session, lelystad.id)
    db.session.commit()
    return lelystad


def create(clock, **overrides):
    body = request_payload(clock.now, result_areas=TWO_AREAS, max_price_cents=None, floor_price_cents=None)
    body.update(overrides)
    return support_requests.create_request(db.session, world.actor(db.session, "consulent"), body)


def refusal(clock, **overrides) -> dict:
    with pytest.raises(DomainError) as caught:
        create(clock, **overrides)
    db.session.rollback()
    assert caught.value.code == "validation_error"
    return caught.value.extra["fields"]


def test_default_prices_are_the_sum_of_the_tariffs_and_the_floor_percentage_of_it(table):
    assert default_prices(db.session, table.id, [("administratie_financien", "midden"),
                                                 ("dagstructuur", "licht")]) == (225_000, 90_000)
    assert default_prices(db.session, table.id, [("huishoudelijke_hulp", "licht")]) == (45_000, 18_000)
    assert default_prices(db.session, table.id, []) == (None, None)


def test_the_floor_is_rounded_down_to_whole_cents(table):
    tariff = db.session.scalar(sa.select(Tariff).join(ResultArea, Tariff.result_area_id == ResultArea.id)
                               .where(ResultArea.code == "huishoudelijke_hulp", Tariff.gemeente_id == table.id)
                               .order_by(Tariff.id))
    tariff.price_cents = 99_999
    table.floor_percent = 33
    db.session.commit()
    maximum, floor = default_prices(db.session, table.id, [("huishoudelijke_hulp", "licht")])
    assert (maximum, floor) == (99_999, 32_999)  # 32.999,67 cents


def test_a_missing_tariff_gives_no_default(lelystad):
    assert default_prices(db.session, lelystad.id, [("administratie_financien", "midden")]) == (None, None)
    seed_tariffs(db.session, lelystad.id)
    db.session.execute(sa.delete(Tariff).where(Tariff.gemeente_id == lelystad.id, Tariff.price_cents == 75_000,
                                               Tariff.result_area_id.in_(sa.select(ResultArea.id).where(
                                                   ResultArea.code == "dagstructuur"))))
    db.session.commit()
    assert default_prices(db.session, lelystad.id, [("administratie_financien", "midden"),
                                                    ("dagstructuur", "licht")]) == (None, None)


def test_a_request_without_prices_gets_them_from_the_table(table, clock):
    request = create(clock)
    assert (request.max_price_cents, request.floor_price_cents, request.max_price_reason) == (225_000, 90_000, None)


def test_the_floor_follows_the_gemeentes_percentage(table, clock):
    table.floor_percent = 55
    db.session.commit()
    assert create(clock).floor_price_cents == 123_750


def test_without_a_tariff_for_every_area_the_consultant_names_the_maximum(lelystad, clock):
    fields = refusal(clock)
    assert "maximumtarief" in fields["max_price_cents"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Request)) == 0
    request = create(clock, max_price_cents=150_000)
    assert (request.max_price_cents, request.floor_price_cents) == (150_000, None)


def test_the_consultant_may_lower_the_maximum(table, clock):
    request = create(clock, max_price_cents=200_000)
    assert (request.max_price_cents, request.floor_price_cents, request.max_price_reason) == (200_000, 90_000, None)
    explicit = create(clock, max_price_cents=200_000, floor_price_cents=50_000)
    assert explicit.floor_price_cents == 50_000


def test_a_maximum_lowered_below_the_tables_floor_needs_a_floor_of_its_own(table, clock):
    fields = refusal(clock, max_price_cents=80_000)
    assert "€ 900,00" in fields["floor_price_cents"]
    assert create(clock, max_price_cents=80_000, floor_price_cents=40_000).max_price_cents == 80_000


def test_a_maximum_above_the_table_needs_a_written_reason_which_is_audited(table, clock):
    fields = refusal(clock, max_price_cents=250_000)
    assert "€ 2.250,00" in fields["max_price_cents"] and "reden" in fields["max_price_cents"]
    assert refusal(clock, max_price_cents=250_000, max_price_reason="   ")["max_price_cents"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Request)) == 0

    request = create(clock, max_price_cents=250_000, max_price_reason="Twee begeleiders nodig bij huisbezoek.")
    assert (request.max_price_cents, request.max_price_reason) == (250_000, "Twee begeleiders nodig bij huisbezoek.")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "max_price_above_table"))
    assert event.request_id == request.id
    assert event.details == {"max_price_cents": 250_000, "table_price_cents": 225_000,
                             "reason": "Twee begeleiders nodig bij huisbezoek."}


def test_a_reason_is_kept_only_when_the_maximum_is_above_the_table(table, clock):
    request = create(clock, max_price_cents=225_000, max_price_reason="Niet nodig")
    assert request.max_price_reason is None
    assert not db.session.scalar(sa.select(AuditEvent.id).where(AuditEvent.action == "max_price_above_table"))


def test_the_form_gets_the_table_by_area_and_complexity(table):
    form_table = table_for_form(db.session, table.id)
    assert form_table["floor_percent"] == 40
    assert form_table["prices"]["administratie_financien"] == {"licht": 80_000, "midden": 150_000, "zwaar": 240_000}


def test_left_out_settings_are_the_gemeentes_defaults(lelystad, clock):
    lelystad.default_visibility = "sealed"
    lelystad.default_soft_close_seconds = 60
    lelystad.default_max_extension_seconds = 600
    db.session.commit()
    request = create(clock, max_price_cents=100_000, visibility=None, soft_close_seconds=None,
                     max_extension_seconds=None)
    assert (request.visibility, request.soft_close_seconds, request.max_extension_seconds) == ("sealed", 60, 600)
    chosen = create(clock, max_price_cents=100_000, visibility="open", soft_close_seconds=0)
    assert (chosen.visibility, chosen.soft_close_seconds) == ("open", 0)


def test_a_client_code_lives_as_long_as_the_gemeente_says(lelystad, clock):
    lelystad.client_code_hours = 5
    db.session.commit()
    consultant = world.actor(db.session, "consulent")
    request_id = create(clock, max_price_cents=100_000).id
    support_requests.publish(db.session, consultant, request_id, detection.patterns_only)
    _code, expires_at = award.create_client_code(db.session, consultant, request_id)
    assert expires_at - clock.now == timedelta(hours=5)
