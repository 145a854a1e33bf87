"""Who is using the app and what they may see and do: roles from ``config.ui.users``.

Three roles: ``public`` sees public papers only; ``member`` and ``officer`` also see exempt
(Part 2) papers; only an ``officer`` may upload or remove papers. With no users configured
the app runs as one local user who may upload, and who sees exempt papers only when
``show_exempt_without_login`` is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.config import UISettings
from index.filters import ROLE_CLASSIFICATIONS, SearchFilters
from ingest.errors import AccessDeniedError

Role = Literal["public", "member", "officer"]
LOCAL_USER = "local user"


@dataclass(frozen=True)
class User:
    """The person behind one request, with what their role allows."""

    name: str
    role: Role
    can_manage: bool  # upload and remove papers
    signed_in: bool = True

    @property
    def sees_exempt(self) -> bool:
        return "exempt" in ROLE_CLASSIFICATIONS[self.role]

    def filters(self, **fields: str) -> SearchFilters:
        """Search filters for this user: the role's classifications are always applied."""
        return SearchFilters.for_role(self.role, **fields)

    def require_manage(self, action: str) -> None:
        if not self.can_manage:
            raise AccessDeniedError(f"only officers may {action}; you are signed in as {self.role}")

    def describe(self) -> str:
        """'alice · member' or 'local user · can upload'."""
        if not self.signed_in:
            return f"{self.name} · {'can upload' if self.can_manage else self.role}"
        return f"{self.name} · {self.role}"


class Access:
    """Maps a logged-in user name (``gr.Request.username``) to a :class:`User`."""

    def __init__(self, settings: UISettings) -> None:
        self.settings = settings
        self._roles: dict[str, Role] = {user.username: user.role for user in settings.users}

    @property
    def login_required(self) -> bool:
        return bool(self._roles)

    def credentials(self) -> list[tuple[str, str]] | None:
        """What Gradio's ``auth`` takes, or None when no users are configured."""
        if not self.login_required:
            return None
        return [(user.username, user.password) for user in self.settings.users]

    def user(self, username: str | None) -> User:
        """The user for a request; a request without a known user is refused when login is on."""
        if not self.login_required:
            role: Role = "member" if self.settings.show_exempt_without_login else "public"
            return User(LOCAL_USER, role, can_manage=True, signed_in=False)
        if not username or username not in self._roles:
            raise AccessDeniedError("sign in first")
        role = self._roles[username]
        return User(username, role, can_manage=role == "officer")
