from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from casebook.enums import Role


class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=255, null=True)
    role = fields.CharEnumField(Role, max_length=16)
    # A CUSTOMER is always one Contact in the portal; staff have none.
    contact: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Contact", related_name="users", null=True, on_delete=fields.SET_NULL
    )
    is_active = fields.BooleanField(default=True)
    is_away = fields.BooleanField(default=False)
    auto_follow = fields.BooleanField(default=False)
    email_notifications = fields.BooleanField(default=True)
    # IANA name: the zone the user's absences are written in (casebook.users.absences).
    time_zone = fields.CharField(max_length=64, default="UTC")
    # Portal role: may the customer see every case of the contact's account, and open cases?
    portal_account_access = fields.BooleanField(default=False)
    portal_can_create = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "users"


class UserAbsence(Model):
    """A scheduled time away (holiday, training), stored in UTC; entered in the user's time zone.
    Automatic assignment skips the user while one covers now (casebook.assignment.services)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="absences", on_delete=fields.CASCADE
    )
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    note = fields.CharField(max_length=200, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "user_absences"
        # Who is absent now: the absences that have not ended, per user.
        indexes = (("user_id", "ends_at"), ("ends_at",))
