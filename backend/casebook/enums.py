"""Enumerations shared by the models, the services and the GraphQL schema."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "ADMIN"
    AGENT = "AGENT"
    CUSTOMER = "CUSTOMER"


class CaseStatus(StrEnum):
    NEW = "NEW"
    ASSIGNED = "ASSIGNED"
    PENDING = "PENDING"
    ON_HOLD = "ON_HOLD"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"
    REJECTED = "REJECTED"
    DUPLICATE = "DUPLICATE"


class Priority(StrEnum):
    LOW = "LOW"
    NORMAL = "NORMAL"
    HIGH = "HIGH"
    URGENT = "URGENT"


class CaseType(StrEnum):
    QUESTION = "QUESTION"
    INCIDENT = "INCIDENT"
    PROBLEM = "PROBLEM"
    FEATURE_REQUEST = "FEATURE_REQUEST"


class Origin(StrEnum):
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    WEB = "WEB"
    PORTAL = "PORTAL"
    AGENT = "AGENT"
    API = "API"
    WORKFLOW = "WORKFLOW"


class Visibility(StrEnum):
    PUBLIC = "PUBLIC"
    INTERNAL = "INTERNAL"


class Channel(StrEnum):
    PORTAL = "PORTAL"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    API = "API"
    WEB = "WEB"
    AGENT = "AGENT"
    SYSTEM = "SYSTEM"


class AuthorKind(StrEnum):
    AGENT = "AGENT"
    CUSTOMER = "CUSTOMER"
    EMAIL = "EMAIL"
    SYSTEM = "SYSTEM"


OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.ASSIGNED, CaseStatus.PENDING, CaseStatus.ON_HOLD)
PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}
