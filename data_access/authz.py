"""Who may do an administrator's work: the one check, in the data layer, whatever the caller's user
interface already hid. It depends only on the models, so accounts, settings and the audit log can all
call it without importing each other."""
from __future__ import annotations

from sqlalchemy import Connection, select

from data_access.config import CLI_OPERATOR
from data_access.models import AppUser

# Who may manage accounts without an admin account of their own: the shell operator (who already
# holds the database) and the demo loader. Nobody can sign in under these names.
TRUSTED_OPERATORS = frozenset({CLI_OPERATOR, "demo"})


class UserError(ValueError):
    """A user command that cannot be carried out (message in Indonesian)."""


class NotAllowed(UserError):
    """The actor may not do this (only administrators manage accounts)."""


def require_admin(conn: Connection, actor: str, what: str = "mengelola pengguna") -> None:
    """Managing accounts (or `what` else an admin does) is for active administrators (and the trusted
    operators)."""
    if actor in TRUSTED_OPERATORS:
        return
    role = conn.execute(select(AppUser.role).where(AppUser.username == actor, AppUser.active.is_(True))).scalar()
    if role != "admin":
        raise NotAllowed(f"Hanya administrator yang boleh {what}.")
