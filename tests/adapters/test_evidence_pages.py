"""Evidence on the pages: the provider uploads it on its admission page (a multipart form whose
body may be larger than any other form's), the consultant of the gemeente it applied to sees its
state and opens the file, everyone else gets 404; the file's type is its content's, never its
name's; the expiry job by hand (`flask evidence check-expiry`); and lacking evidence keeps a
provider from new requests over the API too."""
import re
from datetime import timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa

from config import TestConfig
from marketplace import create_app
from marketplace.auction.inputs import today_by_the_clock
from marketplace.extensions import db
from marketplace.models import Approval, Category, Evidence, Organisation
from marketplace.providers import evidence
from marketplace.ui.evidence_files import UPLOAD_BODY_LIMIT
from tests.support import admin, world
from tests.support.evidence import EXE, PDF, PNG, give, notices, require_document
from tests.support.steps import html, logged_in


@pytest.fixture
def vog(app, clock):
    """Lelystad's VOG requirement, asking for a document (without a standard validity): its id."""
    with app.app_context():
        return require_document(db.session).id


@pytest.fixture
def browser(app):
    return lambda who: logged_in(app, who)


def upload(b, requirement_id, content=PDF, filename="polis.pdf", expires_on="auto"):
    if expires_on == "auto":
        expires_on = (today_by_the_clock() + timedelta(days=200)).isoformat()
    data = {f"r{requirement_id}-file": (BytesIO(content), filename)}
    if expires_on is not None:
        data[f"r{requirement_id}-expires_on"] = expires_on
    return b.post(f"/aanbieder/status/bewijs/{requirement_id}", data=data, content_type="multipart/form-data")


def stored_evidence(app) -> list[Evidence]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Evidence).order_by(Evidence.id)))
        db.session.expunge_all()
        return rows


def org_id(app, who: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Organisation.id).where(Organisation.name == world.ORG_NAMES[int(who[-1])]))


def test_the_provider_uploads_evidence_on_its_admission_page_and_opens_it(app, browser, vog):
    b = browser("aanbieder1")
    page = html(b.get("/aanbieder/status"))
    assert "Bewijs bij de minimumeisen" in page and "Ontbreekt" in page
    assert f'action="/aanbieder/status/bewijs/{vog}"' in page and 'enctype="multipart/form-data"' in page
    resp = upload(b, vog)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/aanbieder/status#bewijs-{vog}")
    page = html(b.get("/aanbieder/status"))
    (stored,) = stored_evidence(app)
    assert "Geldig" in page and "polis.pdf" in page and "is opgeslagen" in page
    assert f"/aanbieder/bewijs/{stored.id}" in page
    opened = b.get(f"/aanbieder/bewijs/{stored.id}")
    assert opened.status_code == 200 and opened.data == PDF
    assert opened.headers["Content-Type"] == "application/pdf"
    assert opened.headers["Content-Disposition"] == 'inline; filename=polis.pdf'
    assert opened.headers["X-Content-Type-Options"] == "nosniff"
    assert opened.headers["Cache-Control"] == "no-store"
    policy = opened.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "object-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy


def test_the_consultant_of_the_gemeente_sees_the_evidence_and_opens_the_file(app, browser, vog):
    assert upload(browser("aanbieder1"), vog, PNG, "scan.pdf").status_code == 302
    (stored,) = stored_evidence(app)
    assert stored.content_type == "image/png"  # a PNG named .pdf is a PNG
    consultant = browser("consulent")
    page = html(consultant.get(f"/consulent/aanbieders/{org_id(app, 'aanbieder1')}"))
    assert "Bewijs bij de minimumeisen" in page and "scan.pdf" in page and "Geldig" in page
    assert f"/consulent/aanbieders/bewijs/{stored.id}" in page
    listed = html(consultant.get("/consulent/aanbieders"))
    assert f"/consulent/aanbieders/bewijs/{stored.id}" in listed
    opened = consultant.get(f"/consulent/aanbieders/bewijs/{stored.id}")
    assert opened.status_code == 200 and opened.data == PNG and opened.headers["Content-Type"] == "image/png"
    assert opened.headers["Content-Disposition"].startswith("inline")


def test_nobody_else_opens_the_file(app, browser, vog):
    assert upload(browser("aanbieder4"), vog).status_code == 302  # approved by Lelystad and Dronten
    (stored,) = stored_evidence(app)
    consultant_path, provider_path = f"/consulent/aanbieders/bewijs/{stored.id}", f"/aanbieder/bewijs/{stored.id}"
    assert browser("consulent_dronten").get(consultant_path).status_code == 404
    assert browser("consulent_dronten").get(provider_path).status_code == 404
    assert browser("consulent").get(provider_path).status_code == 404
    for other in ("aanbieder1", "aanbieder5"):
        assert browser(other).get(provider_path).status_code == 404
        assert browser(other).get(consultant_path).status_code == 404
    anonymous = app.test_client()
    for path in (consultant_path, provider_path):
        resp = anonymous.get(path)
        assert resp.status_code == 302 and "/inloggen" in resp.headers["Location"]
    admin.add_admins(app)
    beheer = app.test_client()
    admin.page_login(beheer)
    assert beheer.get(consultant_path).status_code == 404 and beheer.get(provider_path).status_code == 404
    assert browser("consulent").get("/consulent/aanbieders/bewijs/999999").status_code == 404


def test_a_provider_that_never_applied_shows_its_evidence_to_no_consultant(app, browser, vog):
    assert upload(browser("aanbieder5"), vog).status_code == 302  # registered; asked Lelystad for nothing
    (stored,) = stored_evidence(app)
    assert browser("consulent").get(f"/consulent/aanbieders/bewijs/{stored.id}").status_code == 404
    assert browser("aanbieder5").get(f"/aanbieder/bewijs/{stored.id}").status_code == 200


def test_a_program_renamed_pdf_is_refused_with_a_dutch_message_and_nothing_stored(app, browser, vog):
    resp = upload(browser("aanbieder1"), vog, EXE, "polis.pdf")
    assert resp.status_code == 422
    page = html(resp)
    assert "geen PDF, PNG of JPEG" in page and 'aria-invalid="true"' in page
    assert stored_evidence(app) == []


@pytest.mark.parametrize("expires_on, message", [
    ("past", "al voorbij"),
    (None, "Vul de vervaldatum"),
    ("31-02-2027", "geldige datum"),
])
def test_an_expiry_date_in_the_past_missing_or_unreadable_is_refused(app, browser, vog, expires_on, message):
    if expires_on == "past":
        expires_on = (today_by_the_clock() - timedelta(days=1)).isoformat()
    resp = upload(browser("aanbieder1"), vog, expires_on=expires_on)
    assert resp.status_code == 422 and message in html(resp)
    assert stored_evidence(app) == []


def test_without_a_file_the_form_says_so(app, browser, vog):
    resp = browser("aanbieder1").post(f"/aanbieder/status/bewijs/{vog}", data={f"r{vog}-expires_on": "2030-01-01"},
                                      content_type="multipart/form-data")
    assert resp.status_code == 422 and "Kies een bestand" in html(resp)


def test_a_file_over_5_mb_is_refused_with_our_page_however_large_the_body(app, browser, vog):
    b = browser("aanbieder1")
    just_over = PDF + b"0" * (evidence.MAX_BYTES - len(PDF) + 1)
    resp = upload(b, vog, just_over)
    assert resp.status_code == 422 and "te groot: hoogstens 5 MB" in html(resp)
    far_over = PDF + b"0" * UPLOAD_BODY_LIMIT
    resp = upload(b, vog, far_over)
    assert resp.status_code == 413
    page = html(resp)
    assert "te groot: hoogstens 5 MB" in page and "Bewijs bij de minimumeisen" in page  # our page, with the form
    assert stored_evidence(app) == []
    # A file of 5 MB exactly goes in.
    assert upload(b, vog, just_over[:evidence.MAX_BYTES]).status_code == 302


def test_every_other_form_keeps_its_256_kib_cap(app, browser, vog):
    resp = browser("aanbieder1").post("/aanbieder/status/aanmelden/1", data={"g1-requirements": "x" * (300 * 1024)})
    assert resp.status_code == 413


def test_a_requirement_without_a_document_or_unknown_has_no_upload(app, browser, vog):
    with app.app_context():
        require_document(db.session).requires_document = False
        db.session.commit()
    assert upload(browser("aanbieder1"), vog).status_code == 404
    assert upload(browser("aanbieder1"), 999999).status_code == 404
    assert upload(browser("consulent"), vog).status_code == 404


def test_with_csrf_on_the_upload_still_needs_the_forms_token(database_url, vog):
    """The global CSRF check skips this one route (it would read the body under the pages' cap);
    the form checks its token itself."""
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=True))
    b = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html(b.get("/inloggen"))).group(1)
    assert b.post("/inloggen", data={"email": world.email("aanbieder1"), "password": world.PASSWORD,
                                     "csrf_token": token}).status_code == 302
    resp = upload(b, vog)
    assert resp.status_code == 422 and stored_evidence(app) == []
    assert "verlopen of onvolledig" in html(resp)
    page = html(b.get("/aanbieder/status"))
    token = re.search(rf'id="r{vog}-csrf_token" name="r{vog}-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {f"r{vog}-file": (BytesIO(PDF), "polis.pdf"), f"r{vog}-csrf_token": token,
            f"r{vog}-expires_on": (today_by_the_clock() + timedelta(days=30)).isoformat()}
    resp = b.post(f"/aanbieder/status/bewijs/{vog}", data=data, content_type="multipart/form-data")
    assert resp.status_code == 302 and len(stored_evidence(app)) == 1


def test_the_page_speaks_english_too(app, vog):
    b = logged_in(app, "aanbieder1", language="en")
    page = html(b.get("/aanbieder/status"))
    assert "Evidence for the minimum requirements" in page and "Missing" in page
    resp = upload(b, vog, EXE)
    assert "not a PDF, PNG or JPEG" in html(resp)


def test_lacking_evidence_keeps_a_provider_from_new_requests_over_the_api(app, api, vog, open_request, bid):
    with app.app_context():
        give(db.session, "aanbieder2", vog, today_by_the_clock() + timedelta(days=100))
    request_id = open_request()
    assert request_id not in [r["id"] for r in api.get("/api/v1/requests", as_="aanbieder1").get_json()["requests"]]
    assert api.get(f"/api/v1/requests/{request_id}", as_="aanbieder1").status_code == 404
    assert bid(request_id, "aanbieder1", 120000).status_code == 404
    assert bid(request_id, "aanbieder2", 120000).status_code == 201
    with app.app_context():
        give(db.session, "aanbieder1", vog, today_by_the_clock() + timedelta(days=100))
    assert bid(request_id, "aanbieder1", 119000).status_code == 201


def test_the_expiry_job_runs_by_hand(app, runner, vog, clock):
    with app.app_context():
        give(db.session, "aanbieder1", vog, today_by_the_clock() + timedelta(days=3))
    day = (today_by_the_clock() + timedelta(days=4)).isoformat()
    result = runner.invoke(args=["evidence", "check-expiry", "--today", day])
    assert result.exit_code == 0 and "told about 1 that expired" in result.output
    assert "told about 0" in runner.invoke(args=["evidence", "check-expiry", "--today", day]).output
    assert runner.invoke(args=["evidence", "check-expiry", "--today", "morgen"]).exit_code != 0
    with app.app_context():
        assert len(notices(db.session, "aanbieder1", "evidence_expired")) == 1
        assert len(notices(db.session, "consulent", "evidence_expired")) == 1


def test_a_provider_reads_its_own_evidence_over_the_api(app, api, vog, clock):
    with app.app_context():
        older = give(db.session, "aanbieder1", vog, today_by_the_clock() + timedelta(days=10)).id
        newer = give(db.session, "aanbieder1", vog, today_by_the_clock() + timedelta(days=100), PNG, "scan.png").id
        give(db.session, "aanbieder2", vog, today_by_the_clock() + timedelta(days=100))
    resp = api.get("/api/v1/evidence", as_="aanbieder1")
    assert resp.status_code == 200
    items = resp.get_json()["evidence"]
    assert [(i["id"], i["current"], i["state"]) for i in items] == [(newer, True, "valid"), (older, False, "expiring")]
    assert items[0]["content_type"] == "image/png" and items[0]["requirement"]["code"] == "vog"
    assert "content" not in items[0]
    assert api.get("/api/v1/evidence", as_="aanbieder3").get_json() == {"evidence": []}
    assert api.get("/api/v1/evidence", as_="consulent").status_code == 403
    assert api.get("/api/v1/evidence").status_code == 401


def test_approving_without_the_evidence_warns_the_consultant_and_the_approval_counts_once_it_is_there(
        app, browser, api, vog, open_request):
    with app.app_context():
        lelystad = world.actor(db.session, "consulent").gemeente_id
        category = db.session.scalar(sa.select(Category.id).where(
            Category.gemeente_id == lelystad, Category.code == "begeleiding_individueel"))
        approval = Approval(gemeente_id=lelystad, organisation_id=org_id(app, "aanbieder5"), category_id=category,
                            status="pending")
        db.session.add(approval)
        db.session.commit()
        approval_id = approval.id
    consultant = browser("consulent")
    resp = consultant.post(f"/consulent/aanbieders/toelating/{approval_id}", data={
        f"approval-{approval_id}-status": "approved", f"approval-{approval_id}-reason": "Verklaringen in orde.",
        f"approval-{approval_id}-back": "detail"}, follow_redirects=True)
    page = html(resp)
    assert "is toegelaten" in page and "Let op: een bewijs bij de minimumeisen ontbreekt" in page
    assert "Ontbreekt" in page
    request_id = open_request()
    assert request_id not in [r["id"] for r in api.get("/api/v1/requests", as_="aanbieder5").get_json()["requests"]]
    assert upload(browser("aanbieder5"), vog).status_code == 302
    assert request_id in [r["id"] for r in api.get("/api/v1/requests", as_="aanbieder5").get_json()["requests"]]
