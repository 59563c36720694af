"""Who may run a gemeente: its own beheerder. A consultant, provider or client is refused with
forbidden (the API's answer to a role that may not do this); another gemeente's beheerder
never learns that this gemeente's data exists (not_found)."""
from ..auction.actors import Actor
from ..auction.errors import DomainError, Text, not_found


def require_admin_of(actor: Actor, gemeente_id: int | None) -> None:
    if not actor.is_admin:
        raise DomainError("forbidden", Text("Alleen een functioneel beheerder van de gemeente mag dit."))
    if gemeente_id is None or actor.gemeente_id != gemeente_id:
        raise not_found()
