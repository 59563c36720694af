"""Provider organisations: registration with declarations, and a gemeente's approval or
suspension per category, which is what makes an organisation eligible."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..auction.actors import Actor
from ..auction.bidding import current_snapshot
from ..auction.changes import StandingsChanged
from ..auction.errors import DomainError, Text, invalid_state, not_found, validation_error
from ..auction.identifiers import is_eight_digits
from ..auction.inputs import Fields
from ..auction.records import audit, gemeente_consultants, notify, organisation_users
from ..auction.transactions import locked_request, on_commit, server_now
from ..mail.outbox import queue
from ..models import (
    Approval,
    Bid,
    Category,
    ComplexityLevel,
    Declaration,
    Gemeente,
    MinimumRequirement,
    Organisation,
    Request,
    ResultArea,
    User,
)
from .accounts import hash_password, password_problem

DEFAULT_CATEGORIES = [
    ("huishoudelijke_ondersteuning", Text("Huishoudelijke ondersteuning")),
    ("begeleiding_individueel", Text("Individuele begeleiding")),
    ("begeleiding_groep", Text("Dagbesteding")),
    ("persoonlijke_verzorging", Text("Persoonlijke verzorging")),
    ("kortdurend_verblijf", Text("Kortdurend verblijf")),
]
DEFAULT_RESULT_AREAS = [
    ("administratie_financien", Text("Administratie en financiën")),
    ("sociale_redzaamheid", Text("Sociale redzaamheid in contact met anderen")),
    ("dagstructuur", Text("Zelf-oplossend vermogen en dagstructuur")),
    ("werknemersvaardigheden", Text("Werknemersvaardigheden")),
    ("sociaal_netwerk", Text("Onderhouden van een sociaal netwerk")),
    ("huishoudelijke_hulp", Text("Huishoudelijke hulp")),
    ("zinvolle_dagbesteding", Text("Zinvolle dagbesteding")),
    ("arbeidsmatige_dagbesteding", Text("Zinvolle arbeidsmatige dagbesteding")),
    ("educatieve_dagbesteding", Text("Zinvolle educatieve dagbesteding")),
]
DEFAULT_COMPLEXITY = [("licht", Text("Licht")), ("midden", Text("Midden")), ("zwaar", Text("Zwaar"))]
DEFAULT_REQUIREMENTS = [
    ("klachtenregeling", Text("Wij hebben een klachtenregeling en zijn aangesloten bij een geschillencommissie.")),
    ("medezeggenschap", Text("Cliënten hebben medezeggenschap (cliëntenraad of vergelijkbaar).")),
    ("vog", Text("Al onze medewerkers hebben een geldige Verklaring Omtrent het Gedrag (VOG).")),
    ("meldcode", Text("Wij werken met de meldcode huiselijk geweld en kindermishandeling.")),
    ("kwaliteit", Text("Wij hebben een erkend kwaliteitskeurmerk of kwaliteitssysteem.")),
]
CATEGORY_CODES = [code for code, _ in DEFAULT_CATEGORIES]


def seed_catalogue(session: Session, gemeente: Gemeente) -> None:
    """A new gemeente starts from the defaults in DOMAIN.md; after that it is the gemeente's data.
    (The defaults are Text so the catalogue knows them: a page may show a name the gemeente kept
    in its reader's language.)"""
    for code, name in DEFAULT_CATEGORIES:
        session.add(Category(gemeente_id=gemeente.id, code=code, name=name))
    for code, name in DEFAULT_RESULT_AREAS:
        session.add(ResultArea(gemeente_id=gemeente.id, code=code, name=name))
    for position, (code, name) in enumerate(DEFAULT_COMPLEXITY):
        session.add(ComplexityLevel(gemeente_id=gemeente.id, code=code, name=name, position=position))
    for code, text in DEFAULT_REQUIREMENTS:
        session.add(MinimumRequirement(gemeente_id=gemeente.id, code=code, text=text))


def check_registration(data) -> dict:
    """The registration form's values, checked for form only (never against what is stored):
    a field error here tells nothing about anybody else's account."""
    f = Fields(data)
    name = f.text("name", max_length=160)
    kvk = f.text("kvk_number", max_length=8)
    agb = f.text("agb_code", max_length=8)
    if kvk and not is_eight_digits(kvk):
        f.fail("kvk_number", Text("Een KvK-nummer heeft precies 8 cijfers."))
    if agb and not is_eight_digits(agb):
        f.fail("agb_code", Text("Een AGB-code heeft precies 8 cijfers."))
    contact_name = f.text("contact_name", max_length=120)
    email = (f.text("email", max_length=254) or "").strip().lower()
    if email and ("@" not in email or "." not in email.split("@")[-1]):
        f.fail("email", Text("Vul een geldig e-mailadres in."))
    phone = f.text("phone", max_length=32)
    # The one password rule, and taken as typed (not stripped): a login compares it so.
    password = f.data.get("password")
    problem = password_problem(password)
    if problem is not None:
        f.fail("password", problem)
    categories = f.data.get("categories") or []
    if not isinstance(categories, list) or not categories or any(c not in CATEGORY_CODES for c in categories):
        f.fail("categories", Text("Kies minstens één bestaande productcategorie."))
    f.done()
    return {"name": name, "kvk_number": kvk, "agb_code": agb, "contact_name": contact_name, "email": email,
            "phone": phone, "password": password, "categories": list(categories)}


def _taken(session: Session, values: dict) -> str | None:
    """Which of the registration's unique identifiers another account already has."""
    if session.scalar(sa.select(User.id).where(User.email == values["email"])):
        return "email"
    if session.scalar(sa.select(Organisation.id).where(Organisation.kvk_number == values["kvk_number"])):
        return "kvk_number"
    if session.scalar(sa.select(Organisation.id).where(Organisation.agb_code == values["agb_code"])):
        return "agb_code"
    return None


REGISTRATION_SUBJECT = Text("Uw registratie bij Zorgbod")


def start_registration(session: Session, data, confirmation_link, link_hours: int, *, language: str = "nl") -> None:
    """Registration, step one: whether or not the e-mail address, KvK number or AGB code is
    already known, the caller is told the same thing ("check your e-mail"), and only the owner
    of the address learns the outcome. A new registration gets a link that completes it
    (`confirmation_link(values)` makes it: the values signed, the password only as its hash);
    a taken one gets an e-mail saying so (templates/mail/registration, in `language`, the
    registrant's page language). So the form cannot be used to find out who is on Zorgbod, and
    nobody can register an organisation in another person's name."""
    values = check_registration(data)
    # Hashed on both paths, so they take equally long.
    values["password_hash"] = hash_password(values.pop("password"))
    taken = _taken(session, values)
    if taken is None:
        context = {"case": "new", "name": values["name"], "hours": link_hours, "link": confirmation_link(values)}
    elif taken == "email":
        context = {"case": "email_taken"}
    else:
        context = {"case": "organisation_taken", "name": values["name"]}
    queue(session, values["email"], "registration", context, language=language, subject=REGISTRATION_SUBJECT)
    session.commit()


def register_organisation(session: Session, values: dict) -> tuple[Organisation, User]:
    """Registration, step two (the e-mailed link was followed): the organisation and its first
    user; approval is up to each gemeente. `values` are those start_registration signed."""
    if _taken(session, values):
        raise invalid_state(Text("Deze registratie is al afgerond. Log in met uw e-mailadres en wachtwoord."))
    org = Organisation(name=values["name"], kvk_number=values["kvk_number"], agb_code=values["agb_code"],
                       contact_name=values["contact_name"], contact_email=values["email"],
                       contact_phone=values["phone"], offered_categories=list(values["categories"]))
    session.add(org)
    session.flush()
    user = User(email=values["email"], name=values["contact_name"], password_hash=values["password_hash"],
                role="provider", organisation_id=org.id)
    session.add(user)
    session.flush()
    audit(session, Actor(kind="provider", user_id=user.id, organisation_id=org.id),
          "organisation_registered", organisation_id=org.id)
    session.commit()
    return org, user


def apply_to_gemeente(session: Session, actor: Actor, gemeente_id: int, requirement_ids) -> list[Approval]:
    """Ask a gemeente for admission: declare every minimum requirement it still has (a retired one
    is no longer asked), get pending approvals."""
    gemeente = session.get(Gemeente, gemeente_id)
    org = session.get(Organisation, actor.organisation_id) if actor.is_provider else None
    if gemeente is None or org is None:
        raise not_found()
    required = list(session.scalars(sa.select(MinimumRequirement).where(
        MinimumRequirement.gemeente_id == gemeente.id, MinimumRequirement.active.is_(True))))
    declared = {int(r) for r in (requirement_ids or []) if str(r).isdigit()}
    missing = [r for r in required if r.id not in declared]
    if missing:
        raise validation_error({"requirements": Text(
            "Verklaar dat u aan alle minimumeisen voldoet; nog open: %(missing)s",
            missing="; ".join(r.text for r in missing))})
    for req in required:
        exists = session.scalar(sa.select(Declaration).where(
            Declaration.organisation_id == org.id, Declaration.requirement_id == req.id))
        if not exists:
            session.add(Declaration(organisation_id=org.id, requirement_id=req.id))
    created = []
    for cat in session.scalars(sa.select(Category).where(
            Category.gemeente_id == gemeente.id, Category.code.in_(org.offered_categories))):
        approval = session.scalar(sa.select(Approval).where(
            Approval.organisation_id == org.id, Approval.category_id == cat.id))
        if approval is None:
            approval = Approval(gemeente_id=gemeente.id, organisation_id=org.id, category_id=cat.id,
                                status="pending")
            session.add(approval)
            created.append(approval)
    audit(session, actor, "admission_requested", gemeente_id=gemeente.id, organisation_id=org.id)
    notify(session, gemeente_consultants(session, gemeente.id), "admission_requested",
           Text("Aanmelding van %(organisation)s", organisation=org.name),
           Text("Een aanbieder vraagt toelating; beoordeel de aanmelding."),
           f"/consulent/aanbieders/{org.id}")
    session.commit()
    return created


def decide(session: Session, actor: Actor, approval_id: int, status: str, reason) -> Approval:
    """A consultant approves or suspends an organisation for one category, with a reason."""
    if not actor.is_consultant:
        raise DomainError("forbidden", Text("Alleen een consulent beoordeelt aanbieders."))
    approval = session.get(Approval, approval_id)
    if approval is None or approval.gemeente_id != actor.gemeente_id:
        raise not_found()
    f = Fields({"status": status, "reason": reason})
    status = f.choice("status", ["approved", "suspended"])
    reason = f.text("reason", max_length=2000)
    f.done()
    if approval.status == status:
        raise invalid_state(Text("Deze status is al zo ingesteld."))
    approval.status = status
    approval.reason = reason
    approval.decided_by_id = actor.user_id
    approval.decided_at = server_now(session)
    audit(session, actor, "organisation_approved" if status == "approved" else "organisation_suspended",
          gemeente_id=approval.gemeente_id,
          organisation_id=approval.organisation_id, category=approval.category.code, reason=reason)
    category = approval.category.name
    subject = (Text("U bent toegelaten voor %(category)s", category=category) if status == "approved"
               else Text("U bent geschorst voor %(category)s", category=category))
    notify(session, organisation_users(session, [approval.organisation_id]), f"admission_{status}",
           subject, Text("Toelichting van de gemeente: %(reason)s", reason=reason),
           "/aanbieder/status", gemeente_id=approval.gemeente_id)
    session.commit()
    _restate_live_offers(session, approval)
    return approval


def _restate_live_offers(session: Session, approval: Approval) -> None:
    """A suspension (or its end) takes an offer out of the ranking (or back in): every open
    request where this organisation has an offer gets its new standings now, so the live pages
    show it before the next bid does."""
    request_ids = session.scalars(
        sa.select(Request.id).join(Bid, Bid.request_id == Request.id).where(
            Request.gemeente_id == approval.gemeente_id, Request.category_id == approval.category_id,
            Request.status == "open", Bid.organisation_id == approval.organisation_id)).all()
    session.commit()
    for request_id in request_ids:
        with locked_request(session, request_id) as request:
            if request.status != "open":
                continue
            request.seq += 1
            on_commit(session, StandingsChanged(current_snapshot(session, request), "suspension"))


def grant(session: Session, gemeente: Gemeente, org: Organisation, category_code: str) -> Approval:
    """Demo data and tests: an approval without the paperwork."""
    cat = session.scalar(sa.select(Category).where(Category.gemeente_id == gemeente.id,
                                                   Category.code == category_code))
    approval = Approval(gemeente_id=gemeente.id, organisation_id=org.id, category_id=cat.id,
                        status="approved", reason="Demo: voldoet aan de minimumeisen")
    session.add(approval)
    return approval
