"""The consultant's providers pages: the organisations with their approvals, suspending (with a
reason, ending eligibility at once) and approving an organisation that applied."""
import sqlalchemy as sa

from marketplace.auction.actors import Actor
from marketplace.extensions import db
from marketplace.models import Approval, Category, Gemeente, MinimumRequirement, Organisation
from marketplace.providers.onboarding import apply_to_gemeente
from tests.support.steps import html, login

# --- providers ----------------------------------------------------------------------------

def _approval_id(app, org_name, category="begeleiding_individueel", gemeente="Lelystad"):
    with app.app_context():
        return db.session.scalar(
            sa.select(Approval.id).join(Organisation, Organisation.id == Approval.organisation_id)
            .join(Category, Category.id == Approval.category_id)
            .join(Gemeente, Gemeente.id == Approval.gemeente_id)
            .where(Organisation.name == org_name, Category.code == category, Gemeente.name == gemeente))


def _visible_ids(api, who):
    return [r["id"] for r in api.get("/api/v1/requests", as_=who).get_json()["requests"]]


def test_providers_page_lists_organisations_with_approvals(client):
    login(client)
    page = html(client.get("/consulent/aanbieders"))
    assert "Zorg Een" in page and "30000001" in page and "41000001" in page and "Contact 1" in page
    assert "Toegelaten" in page and "Demo: voldoet aan de minimumeisen" in page
    assert "Zorg Vijf" not in page  # never asked Lelystad
    assert "klachtenregeling" in page and "Niet verklaard" in page


def test_suspend_needs_a_reason_and_ends_eligibility(app, client, api, open_request):
    approval_id = _approval_id(app, "Zorg Een")
    login(client)
    resp = client.post(f"/consulent/aanbieders/toelating/{approval_id}",
                       data={f"approval-{approval_id}-status": "suspended", f"approval-{approval_id}-reason": ""})
    assert resp.status_code == 422 and "Geef een toelichting" in html(resp)
    resp = client.post(f"/consulent/aanbieders/toelating/{approval_id}", follow_redirects=True, data={
        f"approval-{approval_id}-status": "suspended", f"approval-{approval_id}-reason": "VOG's verlopen.",
        f"approval-{approval_id}-back": "list"})
    page = html(resp)
    assert "Zorg Een is geschorst voor Individuele begeleiding" in page and "VOG&#39;s verlopen." in page
    request_id = open_request()
    assert request_id not in _visible_ids(api, "aanbieder1")
    assert request_id in _visible_ids(api, "aanbieder2")


def test_approve_a_pending_organisation(app, client, api, open_request):
    with app.app_context():
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == "Zorg Vijf"))
        lelystad = db.session.scalar(sa.select(Gemeente).where(Gemeente.name == "Lelystad"))
        reqs = db.session.scalars(sa.select(MinimumRequirement.id).where(
            MinimumRequirement.gemeente_id == lelystad.id)).all()
        user_id = org.users[0].id
        apply_to_gemeente(db.session, Actor(kind="provider", user_id=user_id, organisation_id=org.id),
                          lelystad.id, reqs)
        org_id = org.id
    approval_id = _approval_id(app, "Zorg Vijf")
    login(client)
    page = html(client.get(f"/consulent/aanbieders/{org_id}"))
    assert "Wacht op beoordeling" in page and "Verklaard" in page and "Niet verklaard" not in page
    resp = client.post(f"/consulent/aanbieders/toelating/{approval_id}", data={
        f"approval-{approval_id}-status": "approved", f"approval-{approval_id}-reason": "Alles op orde.",
        f"approval-{approval_id}-back": "detail"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/consulent/aanbieders/{org_id}")
    request_id = open_request()
    assert request_id in _visible_ids(api, "aanbieder5")


def test_provider_detail_404_without_approval_here(app, client):
    with app.app_context():
        org_id = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Zorg Vijf"))
        one = db.session.scalar(sa.select(Organisation.id).where(Organisation.name == "Zorg Een"))
    login(client)
    assert client.get(f"/consulent/aanbieders/{org_id}").status_code == 404
    assert client.get(f"/consulent/aanbieders/{one}").status_code == 200
    client.post("/uitloggen")
    login(client, "consulent_dronten")
    assert client.get(f"/consulent/aanbieders/{one}").status_code == 404
    approval_id = _approval_id(app, "Zorg Een")
    resp = client.post(f"/consulent/aanbieders/toelating/{approval_id}", data={
        f"approval-{approval_id}-status": "suspended", f"approval-{approval_id}-reason": "Niet van ons"})
    assert resp.status_code == 404
