"""``jisr api-token create EMAIL --name NAME [--scope read|write] [--days N]``,
``jisr api-token list [EMAIL]``, ``jisr api-token revoke ID``.
The token is printed once, at creation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.api.models import ApiToken
from jisr.api.tokens import create_token, revoke_token


class Command(BaseCommand):
    help = "Create, list and revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print it once.")
        create.add_argument("email", help="The e-mail address the user signs in with.")
        create.add_argument("--name", required=True, help="What the token is for.")
        create.add_argument(
            "--scope",
            choices=["read", "write"],
            default="write",
            help="read: GET requests only; write: also changes (default).",
        )
        create.add_argument(
            "--days",
            type=int,
            default=90,
            help="Days until the token expires (1 to 366, default 90; 0: never).",
        )
        listing = actions.add_parser("list", help="List tokens (never their values).")
        listing.add_argument("email", nargs="?", help="Only this user's tokens.")
        revoke = actions.add_parser("revoke", help="Revoke a token for good.")
        revoke.add_argument("id", type=int, help="The token's id, as shown by 'list'.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            try:
                issued = create_token(
                    _user(options["email"]),
                    name=options["name"],
                    scope=options["scope"],
                    days=options["days"] or None,
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            expires = (
                f"expires {issued.token.expires:%Y-%m-%d}"
                if issued.token.expires
                else "never expires"
            )
            self.stdout.write(
                f"Token {issued.token.pk} ({issued.token.name}, {issued.token.scope}, {expires}) "
                f"for {issued.token.user}:\n"
                f"{issued.plain}\n"
                "Store it now: it is not kept and cannot be shown again."
            )
        elif action == "list":
            tokens = ApiToken.objects.select_related("user").order_by("user_id", "-created")
            if options["email"]:
                tokens = tokens.filter(user=_user(options["email"]))
            for token in tokens:
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                if token.expires and not token.revoked_at:
                    state += f", expires {token.expires:%Y-%m-%d}"
                used = f"{token.last_used:%Y-%m-%d %H:%M}" if token.last_used else "never"
                self.stdout.write(
                    f"{token.pk}\t{token.user}\t{token.name}\t{token.prefix}…\t{token.scope}\t"
                    f"created {token.created:%Y-%m-%d}\tlast used {used}\t{state}"
                )
        else:
            token = ApiToken.objects.select_related("user").filter(pk=options["id"]).first()
            if token is None:
                raise CommandError(f"There is no token {options['id']}.")
            revoke_token(token)
            self.stdout.write(f"Token {token.pk} ({token.name}) of {token.user} is revoked.")


def _user(email: str) -> Any:
    users = list(get_user_model().objects.filter(email__iexact=email.strip())[:2])
    if len(users) != 1:
        if not users:
            raise CommandError(f"There is no user with the e-mail address {email}.")
        raise CommandError(f"Several users have the e-mail address {email}; fix that first.")
    return users[0]
