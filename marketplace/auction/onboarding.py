"""Provider organisations: registration with declarations, and a gemeente's approval or
suspension per category, which is what makes an organisation eligible."""
import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..models import (
    Approval, Category, ComplexityLevel, Declaration, Gemeente, MinimumRequirement, Organisation,
    ResultArea, User,
)
from ..accounts import hash_password
from .actors import Actor
from .errors import DomainError, Text, invalid_state, not_found, validation_error
from .identifiers import is_eight_digits
from .inputs import Fields
from .records import audit, gemeente_consultants, notify, organisation_users
from .transactions import server_now

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


def register_organisation(session: Session, data) -> tuple[Organisation, User]:
    """An organisation and its first user; approval is up to each gemeente."""
    f = Fields(data)
    name = f.text("name", max_length=160)
    kvk = f.text("kvk_number", max_length=8)
    agb = f.text("agb_code", max_length=8)
    if kvk and not is_eight_digits(kvk):
        f.fail("kvk_number", Text("Een KvK-nummer heeft precies 8 cijfers."))
    if agb and not is_eight_digits(agb):
        f.fail("agb_code", Text("Een AGB-code heeft precies 8 cijfers."))
    contact_name = f.text("contact_name", max_length=120)
    email = (f.text("email", max_length=254) or "").lower()
    if email and ("@" not in email or "." not in email.split("@")[-1]):
        f.fail("email", Text("Vul een geldig e-mailadres in."))
    phone = f.text("phone", max_length=32)
    password = f.text("password", max_length=200)
    if password and len(password) < 10:
        f.fail("password", Text("Kies een wachtwoord van minstens 10 tekens."))
    categories = f.data.get("categories") or []
    if not isinstance(categories, list) or not categories or any(c not in CATEGORY_CODES for c in categories):
        f.fail("categories", Text("Kies minstens één bestaande productcategorie."))
    if kvk and session.scalar(sa.select(Organisation.id).where(Organisation.kvk_number == kvk)):
        f.fail("kvk_number", Text("Dit KvK-nummer is al geregistreerd."))
    if agb and session.scalar(sa.select(Organisation.id).where(Organisation.agb_code == agb)):
        f.fail("agb_code", Text("Deze AGB-code is al geregistreerd."))
    if email and session.scalar(sa.select(User.id).where(User.email == email)):
        f.fail("email", Text("Er is al een account met dit e-mailadres."))
    f.done()
    org = Organisation(name=name, kvk_number=kvk, agb_code=agb, contact_name=contact_name,
                       contact_email=email, contact_phone=phone, offered_categories=list(categories))
    session.add(org)
    session.flush()
    user = User(email=email, name=contact_name, password_hash=hash_password(password),
                role="provider", organisation_id=org.id)
    session.add(user)
    session.flush()
    audit(session, Actor(kind="provider", user_id=user.id, organisation_id=org.id),
          "organisation_registered", organisation_id=org.id)
    session.commit()
    return org, user


def apply_to_gemeente(session: Session, actor: Actor, gemeente_id: int, requirement_ids) -> list[Approval]:
    """Ask a gemeente for admission: declare every minimum requirement, get pending approvals."""
    gemeente = session.get(Gemeente, gemeente_id)
    org = session.get(Organisation, actor.organisation_id) if actor.is_provider else None
    if gemeente is None or org is None:
        raise not_found()
    required = list(session.scalars(sa.select(MinimumRequirement).where(
        MinimumRequirement.gemeente_id == gemeente.id)))
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
    audit(session, actor, f"organisation_{status}", gemeente_id=approval.gemeente_id,
          organisation_id=approval.organisation_id, category=approval.category.code, reason=reason)
    category = approval.category.name
    subject = (Text("U bent toegelaten voor %(category)s", category=category) if status == "approved"
               else Text("U bent geschorst voor %(category)s", category=category))
    notify(session, organisation_users(session, [approval.organisation_id]), f"admission_{status}",
           subject, Text("Toelichting van de gemeente: %(reason)s", reason=reason),
           "/aanbieder/status")
    session.commit()
    return approval


def grant(session: Session, gemeente: Gemeente, org: Organisation, category_code: str) -> Approval:
    """Demo data and tests: an approval without the paperwork."""
    cat = session.scalar(sa.select(Category).where(Category.gemeente_id == gemeente.id,
                                                   Category.code == category_code))
    approval = Approval(gemeente_id=gemeente.id, organisation_id=org.id, category_id=cat.id,
                        status="approved", reason="Demo: voldoet aan de minimumeisen")
    session.add(approval)
    return approval
