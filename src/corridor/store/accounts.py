"""Accounts: users with a role and the hash of their token, sign-in sessions, ingest drafts.

Only hashes of secrets are stored: a user's token and a session's cookie value are 32 random
bytes the holder keeps, and the tables keep their sha256. Reading a copy of the database
signs nobody in. (sha256 without salt or stretching is right here: the secrets are random
256-bit values, not passwords, so there is nothing to guess from a dictionary.)

Sessions are kept server-side rather than in signed cookies: signing out or removing a user
ends their sessions at once, and there is no signing key to keep, rotate or leak.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, and_, delete, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from corridor.errors import CorridorError
from corridor.store.tables import Base

SESSION_HOURS = 12
DRAFT_HOURS = 2
NAME_MAX = 100


class Role(StrEnum):
    """What an account may write. An analyst ingests and reviews; an admin may also merge
    items and override a status (acts that change what readers see without new evidence)."""

    ANALYST = "analyst"
    ADMIN = "admin"


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class DraftRow(Base):
    """Documents read and extracted for a preview, kept until Save (or two hours)."""

    __tablename__ = "ingest_drafts"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


@dataclass(frozen=True, slots=True)
class Account:
    """Who is acting: what routes and templates see (never the token or its hash)."""

    id: int
    name: str
    role: str
    csrf: str | None = None  # set for a page session, None for a bearer token

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_secret() -> str:
    """32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _account(user: UserRow, csrf: str | None = None) -> Account:
    return Account(id=user.id, name=user.name, role=user.role, csrf=csrf)


# ---------------------------------------------------------------- users


def add_user(*, session: Session, name: str, role: str) -> str:
    """Create a user; returns their token, which exists nowhere else afterwards."""
    name = name.strip()
    if not name or len(name) > NAME_MAX or any(ord(ch) < 32 for ch in name):
        raise CorridorError("E506", f"{name!r}: 1 to {NAME_MAX} printable characters")
    if role not in {r.value for r in Role}:
        raise CorridorError("E403", f"role {role!r}: one of analyst, admin")
    # "Ana" and "ana" would be two accounts that people take for one
    same = select(UserRow.name).where(func.lower(UserRow.name) == name.lower())
    if (taken := session.scalar(same)) is not None:
        raise CorridorError(
            "E506", f"{name!r} already exists" + (f" as {taken!r}" if taken != name else "")
        )
    token = new_secret()
    session.add(UserRow(name=name, role=role, token_hash=hash_secret(token), created_at=_now()))
    session.flush()
    return token


def list_users(*, session: Session) -> list[dict[str, Any]]:
    return [
        {"name": u.name, "role": u.role, "created_at": u.created_at.isoformat(timespec="seconds")}
        for u in session.scalars(select(UserRow).order_by(UserRow.name))
    ]


def remove_user(*, session: Session, name: str) -> None:
    """Delete a user; their sessions and drafts go with them (the audit log keeps the name)."""
    user = session.scalar(select(UserRow).where(UserRow.name == name))
    if user is None:
        raise CorridorError("E505", repr(name))
    session.execute(delete(SessionRow).where(SessionRow.user_id == user.id))
    session.execute(delete(DraftRow).where(DraftRow.user_id == user.id))
    session.delete(user)
    session.flush()


def account_for_token(*, session: Session, token: str) -> Account | None:
    """The account a bearer token belongs to, or None."""
    if not token or len(token) > 200:
        return None
    wanted = hash_secret(token)
    user = session.scalar(select(UserRow).where(UserRow.token_hash == wanted))
    if user is None or not hmac.compare_digest(user.token_hash, wanted):
        return None
    return _account(user)


# ---------------------------------------------------------------- sessions


def start_session(*, session: Session, account: Account) -> str:
    """A new sign-in session; returns the cookie value (only its hash is stored)."""
    now = _now()
    session.execute(delete(SessionRow).where(SessionRow.expires_at < now))
    value = new_secret()
    session.add(
        SessionRow(
            id=hash_secret(value),
            user_id=account.id,
            csrf=new_secret(),
            created_at=now,
            expires_at=now + timedelta(hours=SESSION_HOURS),
        )
    )
    session.flush()
    return value


def account_for_session(*, session: Session, cookie: str) -> Account | None:
    """The signed-in account for a session cookie (with the session's CSRF token), or None."""
    if not cookie or len(cookie) > 200:
        return None
    found = session.execute(
        select(SessionRow, UserRow)
        .join(UserRow, UserRow.id == SessionRow.user_id)
        .where(SessionRow.id == hash_secret(cookie), SessionRow.expires_at > _now())
    ).first()
    if found is None:
        return None
    row, user = found
    return _account(user, csrf=row.csrf)


def end_session(*, session: Session, cookie: str) -> None:
    session.execute(delete(SessionRow).where(SessionRow.id == hash_secret(cookie)))


# ---------------------------------------------------------------- drafts


def save_draft(*, session: Session, account: Account, payload: dict[str, Any]) -> str:
    now = _now()
    session.execute(
        delete(DraftRow).where(DraftRow.created_at < now - timedelta(hours=DRAFT_HOURS))
    )
    draft_id = new_secret()
    session.add(DraftRow(id=draft_id, user_id=account.id, created_at=now, payload=payload))
    session.flush()
    return draft_id


def get_draft(*, session: Session, account: Account, draft_id: str) -> dict[str, Any]:
    """A draft of this account's; E507 if gone, expired or someone else's."""
    row = session.get(DraftRow, draft_id) if draft_id and len(draft_id) <= 64 else None
    fresh = row is not None and row.created_at >= _now() - timedelta(hours=DRAFT_HOURS)
    if row is None or not fresh or row.user_id != account.id:
        raise CorridorError("E507", "preview the document again")
    return dict(row.payload)


def take_draft(*, session: Session, account: Account, draft_id: str) -> dict[str, Any]:
    """A draft of this account's, removed as it is taken (so it is saved once)."""
    payload = get_draft(session=session, account=account, draft_id=draft_id)
    session.execute(delete(DraftRow).where(DraftRow.id == draft_id))
    return payload


# ---------------------------------------------------------------- what accounts did


def item_audit(*, session: Session, item_id: str, limit: int = 100) -> list[dict[str, Any]]:
    """The audit log of one item, newest first: acts on the item (override, merge, split,
    promote), reviews of the claims it now holds and of those a review moved off or onto it,
    and the acts that made it what it is though written against another item: its merge
    into the survivor, its split from its parent."""
    from corridor.store.tables import AuditRow, ClaimRow

    claim_ids = select(ClaimRow.id).where(ClaimRow.item_id == item_id).scalar_subquery()
    rows = session.scalars(
        select(AuditRow)
        .where(
            or_(
                AuditRow.target == item_id,
                AuditRow.target.in_(claim_ids),
                # A claim corrected to another item is no longer this item's, but its review
                # changed what this item rests on.
                and_(
                    AuditRow.action == "review",
                    or_(
                        AuditRow.detail[("before", "item_id")].as_string() == item_id,
                        AuditRow.detail[("after", "item_id")].as_string() == item_id,
                    ),
                ),
                and_(AuditRow.action == "merge", AuditRow.detail["merged"].as_string() == item_id),
                and_(
                    AuditRow.action == "split", AuditRow.detail["new_item"].as_string() == item_id
                ),
            )
        )
        .order_by(AuditRow.id.desc())
        .limit(limit)
    )
    return [
        {
            "at": row.at.isoformat(timespec="seconds"),
            "actor": row.actor,
            "action": row.action,
            "target": row.target,
            "detail": dict(row.detail or {}),
        }
        for row in rows
    ]
