"""Typed SQLAlchemy models, one module per part of the domain; import them from here.

Imports SQLAlchemy and the standard library only: no Flask, nothing else of the app."""
from .accounts import AccountLink, ApiToken, Gemeente, User
from .base import Base, UTCDateTime, utcnow
from .bids import Bid, BidRevision, IdempotencyRecord
from .catalogue import (
    Approval,
    Category,
    ComplexityLevel,
    Declaration,
    Evidence,
    MinimumRequirement,
    Organisation,
    ResultArea,
    Tariff,
)
from .followup import (
    Assignment,
    Complaint,
    OfferAssessment,
    RequestExclusion,
    Review,
    ReviewResult,
    SurveyResponse,
)
from .records import AuditEvent, AuditHead, EmailOutbox, Notification
from .requests import VISIBILITIES, ClientCode, ClientRecord, Request, RequestResultArea

__all__ = [
    "AccountLink", "ApiToken", "Approval", "Assignment", "Complaint", "OfferAssessment", "RequestExclusion",
    "Review", "ReviewResult", "SurveyResponse", "AuditEvent", "AuditHead", "Base", "Bid", "BidRevision", "Category", "ClientCode",
    "ClientRecord", "ComplexityLevel", "Declaration", "EmailOutbox", "Evidence", "Gemeente",
    "IdempotencyRecord", "MinimumRequirement", "Notification", "Organisation", "Request",
    "RequestResultArea", "ResultArea", "Tariff", "UTCDateTime", "User", "VISIBILITIES", "utcnow",
]
