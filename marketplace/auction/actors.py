"""Who is acting: adapters turn a session or token into an Actor, the domain checks it."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    kind: str  # consultant | admin | provider | client | scheduler | system
    user_id: int | None = None
    gemeente_id: int | None = None
    organisation_id: int | None = None
    request_id: int | None = None  # a client acts on exactly one request

    @property
    def audit_name(self) -> str:
        if self.user_id is not None:
            return f"user:{self.user_id}"
        return self.kind

    @property
    def is_consultant(self) -> bool:
        return self.kind == "consultant"

    @property
    def is_admin(self) -> bool:
        """The gemeente's functioneel beheerder: its catalogue, tariffs, requirements, staff and
        settings; not a consultant, so never a request or a client's data."""
        return self.kind == "admin"

    @property
    def is_provider(self) -> bool:
        return self.kind == "provider"

    @property
    def is_client(self) -> bool:
        return self.kind == "client"


SCHEDULER = Actor(kind="scheduler")
SYSTEM = Actor(kind="system")


def actor_for_user(user) -> Actor:
    if user.role in ("consultant", "admin"):
        return Actor(kind=user.role, user_id=user.id, gemeente_id=user.gemeente_id)
    return Actor(kind="provider", user_id=user.id, organisation_id=user.organisation_id)


def user_id_of(audit_name: str) -> int | None:
    """The reverse of Actor.audit_name: 12 for "user:12", None for "scheduler", "system", ..."""
    kind, _, number = audit_name.partition(":")
    return int(number) if kind == "user" and number.isdigit() else None
