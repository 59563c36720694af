"""Typed SQLAlchemy models, one module per part of the domain; import them from here.

Imports SQLAlchemy and the standard library only: no Flask, nothing else of the app."""
from .accounts import ApiToken, Gemeente, User
from .base import Base, UTCDateTime, utcnow
from .bids import Bid, BidRevision, IdempotencyRecord
from .catalogue import (
    Approval,
    Category,
    ComplexityLevel,
    Declaration,
    MinimumRequirement,
    Organisation,
    ResultArea,
)
from .records import AuditEvent, AuditHead, EmailOutbox, Notification
from .requests import VISIBILITIES, ClientCode, ClientRecord, Request, RequestResultArea

__all__ = [
    "ApiToken", "Approval", "AuditEvent", "AuditHead", "Base", "Bid", "BidRevision", "Category", "ClientCode",
    "ClientRecord", "ComplexityLevel", "Declaration", "EmailOutbox", "Gemeente",
    "IdempotencyRecord", "MinimumRequirement", "Notification", "Organisation", "Request",
    "RequestResultArea", "ResultArea", "UTCDateTime", "User", "VISIBILITIES", "utcnow",
]
