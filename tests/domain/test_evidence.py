"""Evidence for the minimum requirements, called on the domain (marketplace.providers.evidence):
a file is judged by its content, never by its name; a refusal stores nothing; the daily expiry
job tells each notice once with a fixed clock; and lacking evidence keeps an approval from
counting for new requests (access.eligibility) while offers already made stand, until renewed."""
import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.auction import withdrawal
from marketplace.auction.access import is_eligible, visible_requests_query
from marketplace.auction.actors import SYSTEM
from marketplace.auction.errors import DomainError
from marketplace.auction.inputs import today_by_the_clock
from marketplace.auction.records import eligible_organisation_ids
from marketplace.extensions import db
from marketplace.models import Approval, AuditEvent, EmailOutbox, Evidence, Request
from marketplace.providers import evidence
from tests.support import world
from tests.support.evidence import EXE, JPEG, PDF, PNG, give, notices, require_document

pytestmark = pytest.mark.every_backend


@pytest.fixture
def vog(ctx, clock):
    """Lelystad's VOG requirement, now asking for a document (without a standard validity)."""
    return require_document(db.session).id


def today():
    return today_by_the_clock()


def stored() -> tuple[int, int]:
    counted = (db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)),
               db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)))
    db.session.commit()
    return counted


def refused(call) -> dict:
    """The fields a refused upload names; nothing may be stored."""
    before = stored()
    with pytest.raises(DomainError) as error:
        call()
    db.session.rollback()
    assert stored() == before
    assert error.value.code == "validation_error"
    return error.value.extra["fields"]


# --- uploading ---------------------------------------------------------------------------------

@pytest.mark.parametrize("content, filename, content_type", [
    (PDF, "polis.pdf", "application/pdf"),
    (PNG, "scan.pdf", "image/png"),          # a PNG renamed .pdf is a PNG
    (JPEG, "foto.png", "image/jpeg"),
    (PDF, "certificaat.exe", "application/pdf"),
    (PNG, "zonder-extensie", "image/png"),
])
def test_the_type_is_judged_by_the_content_not_the_name(vog, content, filename, content_type):
    stored_evidence = give(db.session, "aanbieder1", vog, today() + timedelta(days=200), content, filename)
    assert (stored_evidence.content_type, stored_evidence.filename, stored_evidence.size) == \
        (content_type, filename, len(content))
    assert db.session.get(Evidence, stored_evidence.id).content == content


@pytest.mark.parametrize("content", [EXE, b"<html><script>alert(1)</script>", b"GIF89a....", b"%PD"])
def test_anything_but_a_pdf_png_or_jpeg_is_refused_whatever_its_name(vog, content):
    fields = refused(lambda: give(db.session, "aanbieder1", vog, today() + timedelta(days=200), content, "bewijs.pdf"))
    assert "geen PDF, PNG of JPEG" in fields["file"]


def test_an_empty_file_is_refused(vog):
    assert "Kies een bestand" in refused(lambda: give(db.session, "aanbieder1", vog, today(), b""))["file"]


def test_a_file_over_5_mb_is_refused_and_5_mb_is_not(vog):
    too_large = PDF + b"0" * (evidence.MAX_BYTES - len(PDF) + 1)
    assert "te groot" in refused(lambda: give(db.session, "aanbieder1", vog, today(), too_large))["file"]
    largest = too_large[:evidence.MAX_BYTES]
    assert give(db.session, "aanbieder1", vog, today(), largest).size == evidence.MAX_BYTES


def test_evidence_expired_on_upload_is_refused_and_expiring_today_is_not(vog):
    fields = refused(lambda: give(db.session, "aanbieder1", vog, today() - timedelta(days=1)))
    assert "al voorbij" in fields["expires_on"]
    assert give(db.session, "aanbieder1", vog, today()).expires_on == today()


def test_an_expiry_date_decades_ahead_is_refused_as_a_typing_error(vog):
    assert "jaar vooruit" in refused(lambda: give(db.session, "aanbieder1", vog, today() + timedelta(days=365 * 11)))[
        "expires_on"]


def test_without_a_date_the_requirements_validity_counts_and_without_one_the_date_is_required(vog):
    assert "vervaldatum" in refused(lambda: give(db.session, "aanbieder1", vog, None))["expires_on"]
    require_document(db.session, validity_months=12)
    expected = today().replace(year=today().year + 1) if (today().month, today().day) != (2, 29) \
        else today().replace(year=today().year + 1, day=28)
    assert give(db.session, "aanbieder1", vog, None).expires_on == expected
    # A date of its own wins over the standard validity.
    assert give(db.session, "aanbieder1", vog, today() + timedelta(days=40)).expires_on == today() + timedelta(days=40)


def test_a_retired_requirement_or_one_without_a_document_takes_no_evidence(vog):
    requirement = require_document(db.session)
    requirement.active = False
    db.session.commit()
    assert "ingetrokken" in refused(lambda: give(db.session, "aanbieder1", vog, today()))["requirement_id"]
    requirement.active, requirement.requires_document = True, False
    db.session.commit()
    assert "geen document" in refused(lambda: give(db.session, "aanbieder1", vog, today()))["requirement_id"]


def test_every_fault_is_named_at_once(vog):
    fields = refused(lambda: give(db.session, "aanbieder1", vog, today() - timedelta(days=3), EXE))
    assert set(fields) == {"file", "expires_on"}


def test_only_the_organisations_own_users_upload_for_it(vog):
    other = world.actor(db.session, "aanbieder2")
    consultant = world.actor(db.session, "consulent")
    for actor, organisation_id in ((other, world.actor(db.session, "aanbieder1").organisation_id),
                                   (consultant, other.organisation_id)):
        with pytest.raises(DomainError) as error:
            evidence.upload(db.session, actor, organisation_id, vog, "x.pdf", PDF, today(), today())
        assert error.value.code == "not_found"
    with pytest.raises(DomainError) as error:
        evidence.upload(db.session, other, other.organisation_id, 987654, "x.pdf", PDF, today(), today())
    assert error.value.code == "not_found"


def test_the_filename_keeps_no_folder_control_characters_or_excess(vog):
    assert give(db.session, "aanbieder1", vog, today(), filename="C:\\Users\\x\\..\\polis\r\n.pdf").filename == "polis.pdf"
    assert give(db.session, "aanbieder1", vog, today(), filename="../../etc/passwd").filename == "passwd"
    assert give(db.session, "aanbieder1", vog, today(), filename="   ").filename == "bewijs"
    long_name = give(db.session, "aanbieder1", vog, today(), filename="a" * 300 + ".pdf").filename
    assert len(long_name) == evidence.MAX_FILENAME and long_name.endswith(".pdf")


def test_an_upload_is_audited_with_the_files_hash_for_the_requirements_gemeente(vog):
    uploaded = give(db.session, "aanbieder1", vog, today() + timedelta(days=90))
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "evidence_uploaded")).one()
    lelystad = world.actor(db.session, "consulent").gemeente_id
    assert event.gemeente_id == lelystad and event.request_id is None
    assert event.details["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert event.details["evidence_id"] == uploaded.id and event.details["requirement"] == "vog"


# --- the state per requirement -----------------------------------------------------------------

def test_each_requirement_shows_its_newest_evidence_and_state(vog, clock):
    lelystad = world.actor(db.session, "consulent").gemeente_id
    org = world.actor(db.session, "aanbieder1").organisation_id

    def state():
        (item,) = evidence.current_evidence(db.session, org, lelystad, today())
        return item.state

    assert state() == "missing" and not evidence.evidence_complete(db.session, org, lelystad, today())
    give(db.session, "aanbieder1", vog, today() + timedelta(days=31))
    assert state() == "valid"
    clock.advance(24 * 3600)
    assert state() == "expiring" and evidence.evidence_complete(db.session, org, lelystad, today())
    clock.advance(31 * 24 * 3600)
    assert state() == "expired" and not evidence.evidence_complete(db.session, org, lelystad, today())
    # Newest wins, even with an earlier date (a corrected upload).
    give(db.session, "aanbieder1", vog, today() + timedelta(days=400))
    give(db.session, "aanbieder1", vog, today() + timedelta(days=100))
    (item,) = evidence.current_evidence(db.session, org, lelystad, today())
    assert item.evidence.expires_on == today() + timedelta(days=100) and item.state == "valid"
    # A gemeente asking for no document is complete by default.
    dronten = world.actor(db.session, "consulent_dronten").gemeente_id
    assert evidence.current_evidence(db.session, org, dronten, today()) == []
    assert evidence.evidence_complete(db.session, org, dronten, today())


# --- the expiry job ----------------------------------------------------------------------------

def test_thirty_days_ahead_the_provider_is_warned_once_by_inbox_and_e_mail(vog, clock):
    uploaded = give(db.session, "aanbieder1", vog, today() + timedelta(days=40))
    assert evidence.check_expiry(db.session, today()).warned == []
    clock.advance(9 * 24 * 3600)  # 31 days left
    assert evidence.check_expiry(db.session, today()).warned == []
    clock.advance(24 * 3600)      # 30 days left
    assert evidence.check_expiry(db.session, today()).warned == [uploaded.id]
    warned_at = clock.now
    assert evidence.check_expiry(db.session, today()).warned == []
    clock.advance(24 * 3600)
    assert evidence.check_expiry(db.session, today()).warned == []
    (notice,) = notices(db.session, "aanbieder1", "evidence_expiring")
    assert "Lelystad" in notice.subject and notice.link == "/aanbieder/status"
    assert (today() + timedelta(days=29)).strftime("%d-%m-%Y") in notice.body
    mail = db.session.scalars(sa.select(EmailOutbox).where(EmailOutbox.notification_id == notice.id)).one()
    assert mail.to_address == world.email("aanbieder1")
    assert notices(db.session, "consulent", "evidence_expiring") == []
    assert db.session.get(Evidence, uploaded.id).expiry_warned_at == warned_at


def test_at_expiry_the_provider_and_the_consultants_are_told_once(vog, clock):
    uploaded = give(db.session, "aanbieder1", vog, today() + timedelta(days=10))
    run = evidence.check_expiry(db.session, today())
    assert (run.warned, run.expired) == ([uploaded.id], [])
    clock.advance(10 * 24 * 3600)  # the expiry date itself still counts
    assert evidence.check_expiry(db.session, today()).expired == []
    clock.advance(24 * 3600)
    assert evidence.check_expiry(db.session, today()).expired == [uploaded.id]
    clock.advance(24 * 3600)
    assert evidence.check_expiry(db.session, today(), actor=SYSTEM).expired == []
    assert len(notices(db.session, "aanbieder1", "evidence_expired")) == 1
    (told,) = notices(db.session, "consulent", "evidence_expired")
    assert "Zorg Een" in told.subject and told.link.startswith("/consulent/aanbieders/")
    assert notices(db.session, "consulent_dronten", "evidence_expired") == []
    assert db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "evidence_expired")).one() \
        .details["evidence_id"] == uploaded.id


def test_evidence_found_expired_is_not_warned_about_as_well_and_replaced_evidence_is_left_alone(vog, clock):
    first = give(db.session, "aanbieder1", vog, today() + timedelta(days=5))
    clock.advance(6 * 24 * 3600)  # the job did not run while it was due
    run = evidence.check_expiry(db.session, today())
    assert (run.warned, run.expired) == ([], [first.id])
    give(db.session, "aanbieder1", vog, today() + timedelta(days=20))
    replaced = give(db.session, "aanbieder2", vog, today() + timedelta(days=3))
    renewed = give(db.session, "aanbieder2", vog, today() + timedelta(days=300))
    clock.advance(5 * 24 * 3600)
    run = evidence.check_expiry(db.session, today())
    assert replaced.id not in run.warned + run.expired and renewed.id not in run.warned + run.expired
    assert len(notices(db.session, "aanbieder1", "evidence_expiring")) == 1  # the renewed one, 15 days ahead


def test_a_provider_that_never_applied_does_not_bother_the_consultants(vog, clock):
    give(db.session, "aanbieder5", vog, today() + timedelta(days=1))
    clock.advance(2 * 24 * 3600)
    assert len(evidence.check_expiry(db.session, today()).expired) == 1
    assert len(notices(db.session, "aanbieder5", "evidence_expired")) == 1
    assert notices(db.session, "consulent", "evidence_expired") == []


# --- eligibility -------------------------------------------------------------------------------

def lists(who: str, request_id: int) -> bool:
    actor = world.actor(db.session, who)
    ids = list(db.session.scalars(visible_requests_query(actor).with_only_columns(Request.id)))
    db.session.commit()
    return request_id in ids


def org_of(who: str) -> int:
    return world.actor(db.session, who).organisation_id


def refused_bid(offer, request_id, who, price):
    with pytest.raises(DomainError) as error:
        offer(request_id, who, price)
    db.session.rollback()
    return error.value.code


def test_without_a_document_requirement_eligibility_is_the_approval_alone(ctx, clock, published):
    request_id = published()
    assert set(eligible_organisation_ids(db.session, *_gemeente_and_category(request_id))) == \
        {org_of(f"aanbieder{i}") for i in range(1, 5)}


def _gemeente_and_category(request_id):
    request = db.session.get(Request, request_id)
    return request.gemeente_id, request.category_id


def test_missing_evidence_keeps_an_approved_provider_from_new_requests(vog, published, offer):
    give(db.session, "aanbieder2", vog, today() + timedelta(days=200))
    request_id = published()
    assert notices(db.session, "aanbieder1", "new_request") == []
    assert len(notices(db.session, "aanbieder2", "new_request")) == 1
    assert not lists("aanbieder1", request_id) and lists("aanbieder2", request_id)
    assert refused_bid(offer, request_id, "aanbieder1", 120000) == "not_found"
    assert offer(request_id, "aanbieder2", 120000).body["bid"]["revision"] == 1


def test_expired_evidence_excludes_new_requests_while_offers_on_open_requests_stand_until_renewed(
        vog, published, offer, clock):
    for who in ("aanbieder1", "aanbieder2"):
        give(db.session, who, vog, today())  # the last day it counts
    earlier = published(closes_at=(clock.now + timedelta(days=3)).isoformat())
    untouched = published(closes_at=(clock.now + timedelta(days=3)).isoformat())
    assert offer(earlier, "aanbieder1", 120000).body["bid"]["revision"] == 1
    clock.advance(24 * 3600)  # expired now
    give(db.session, "aanbieder2", vog, today() + timedelta(days=300))

    # Its offer stands: it still sees the request, revises, is told it closes soon, and withdraws.
    assert lists("aanbieder1", earlier)
    assert offer(earlier, "aanbieder1", 115000).body["bid"]["revision"] == 2
    assert org_of("aanbieder1") in eligible_organisation_ids(db.session, *_gemeente_and_category(earlier), earlier)
    # Where it has no offer, it makes none.
    assert refused_bid(offer, untouched, "aanbieder1", 120000) == "not_found"
    assert not lists("aanbieder1", untouched)

    # A request published after the expiry: not told, not listed, no bid.
    later = published(closes_at=(clock.now + timedelta(days=2)).isoformat())
    assert [n.link for n in notices(db.session, "aanbieder1", "new_request")] == \
        [f"/aanbieder/aanvragen/{earlier}", f"/aanbieder/aanvragen/{untouched}"]
    assert len(notices(db.session, "aanbieder2", "new_request")) == 3
    assert not lists("aanbieder1", later)
    assert not is_eligible(db.session, org_of("aanbieder1"), db.session.get(Request, later))
    assert refused_bid(offer, later, "aanbieder1", 120000) == "not_found"

    withdrawn = withdrawal.withdraw_bid(db.session, world.actor(db.session, "aanbieder1"), earlier)
    assert withdrawn["bid"]["status"] == "withdrawn"

    # Renewed: it counts again, for every open request.
    give(db.session, "aanbieder1", vog, today() + timedelta(days=365))
    assert lists("aanbieder1", later) and lists("aanbieder1", untouched)
    assert offer(later, "aanbieder1", 120000).body["bid"]["revision"] == 1
    assert offer(untouched, "aanbieder1", 120000).body["bid"]["revision"] == 1


def test_a_suspended_provider_with_valid_evidence_stays_out(vog, published, offer):
    give(db.session, "aanbieder1", vog, today() + timedelta(days=200))
    request_id = published()
    approval = db.session.scalars(sa.select(Approval).where(
        Approval.organisation_id == org_of("aanbieder1"),
        Approval.category_id == db.session.get(Request, request_id).category_id)).one()
    approval.status = "suspended"
    db.session.commit()
    assert refused_bid(offer, request_id, "aanbieder1", 120000) == "not_found"


def test_a_retired_requirement_or_one_no_longer_asking_a_document_stops_excluding(vog, published, offer):
    request_id = published()
    assert refused_bid(offer, request_id, "aanbieder1", 120000) == "not_found"
    requirement = require_document(db.session)
    requirement.active = False
    db.session.commit()
    assert offer(request_id, "aanbieder1", 120000).body["bid"]["revision"] == 1
