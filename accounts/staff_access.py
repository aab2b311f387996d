"""Giving staff access: inviting people by email with roles, changing roles, removing access.

A role is a group (accounts.roles); provider users also belong to organisations and hub staff
to hubs. Every change is audited (who changed whose roles; the detail names roles and counts,
never a person)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts import roles
from accounts.emails import absolute_url, send_email
from accounts.models import HubMembership, OrganisationMembership
from accounts.services import end_all_sessions, normalise_email
from accounts.tokens import staff_invitation_token
from audit.services import record

# (value, group, what it lets someone do): the roles an editor can give.
ROLES = [
    (
        "editor",
        roles.DIRECTORY_EDITORS,
        "Council directory editor: every listing, place and person",
    ),
    ("provider", roles.PROVIDERS, "Provider: their organisations' listings, changes reviewed"),
    ("hub_staff", roles.HUB_STAFF, "Hub staff: their hubs' sessions, bookings and families"),
    ("professional", roles.PROFESSIONALS, "Professional: refers families to services"),
    (
        "service_team",
        roles.SERVICE_TEAMS,
        "Service team: handles the requests their services receive",
    ),
    ("commissioner", roles.COMMISSIONERS, "Commissioner: reports"),
]
GROUP_OF = {value: group for value, group, _ in ROLES}
ROLE_OF = {group: value for value, group, _ in ROLES}


@dataclass(frozen=True)
class Access:
    """What someone may do: their roles, and the organisations and hubs those roles cover."""

    roles: frozenset[str]
    organisations: frozenset = frozenset()
    hubs: frozenset = frozenset()


def access_of(user) -> Access:
    return Access(
        roles=frozenset(
            ROLE_OF[name] for name in user.groups.values_list("name", flat=True) if name in ROLE_OF
        ),
        organisations=frozenset(
            OrganisationMembership.objects.filter(user=user).values_list(
                "organization_id", flat=True
            )
        ),
        hubs=frozenset(
            HubMembership.objects.filter(user=user).values_list("location_id", flat=True)
        ),
    )


def staff_users():
    """Everyone with a staff role, or invited to one: the people editors manage."""
    return (
        get_user_model()
        .objects.filter(groups__name__in=list(GROUP_OF.values()))
        .distinct()
        .order_by("email", "id")
    )


@transaction.atomic
def set_access(user, access: Access, by) -> None:
    """Give `user` exactly these roles, organisations and hubs, and audit the change."""
    before = access_of(user)
    managed = Group.objects.filter(name__in=list(GROUP_OF.values()))
    user.groups.remove(*managed)
    user.groups.add(*(Group.objects.get_or_create(name=GROUP_OF[role])[0] for role in access.roles))
    organisations = access.organisations if "provider" in access.roles else frozenset()
    hubs = access.hubs if "hub_staff" in access.roles else frozenset()
    OrganisationMembership.objects.filter(user=user).exclude(
        organization_id__in=organisations
    ).delete()
    for organisation_id in organisations:
        OrganisationMembership.objects.get_or_create(user=user, organization_id=organisation_id)
    HubMembership.objects.filter(user=user).exclude(location_id__in=hubs).delete()
    for hub_id in hubs:
        HubMembership.objects.get_or_create(user=user, location_id=hub_id)
    # Editors may use the back office; nobody else gains it here (administrators keep theirs).
    if not user.is_superuser and user.is_staff != ("editor" in access.roles):
        user.is_staff = "editor" in access.roles
        user.save(update_fields=["is_staff"])
    if hasattr(user, "_group_names"):
        del user._group_names
    after = access_of(user)
    if after != before:
        record(
            by,
            "change roles",
            user,
            detail=(
                f"roles {','.join(sorted(before.roles)) or 'none'} -> "
                f"{','.join(sorted(after.roles)) or 'none'}; "
                f"organisations {len(after.organisations)}; hubs {len(after.hubs)}"
            ),
        )


def invitation_url(user) -> str:
    return absolute_url(
        reverse(
            "accounts:accept_invitation",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": staff_invitation_token.make_token(user),
            },
        )
    )


@transaction.atomic
def invite(email: str, access: Access, by):
    """Give an email address staff access. Someone new gets an account to finish setting up
    through a link (a password, then two-factor sign-in); someone with an account is told."""
    email = normalise_email(email)
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=email, defaults={"email": email, "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    set_access(user, access, by)
    record(by, "invite", user)
    if user.is_active:
        send_email(
            email,
            "You have been given staff access",
            "accounts/email/staff_access_given.txt",
            {"sign_in_url": absolute_url(reverse("accounts:sign_in"))},
        )
    else:
        send_email(
            email,
            "You are invited to manage family services",
            "accounts/email/staff_invitation.txt",
            {"accept_url": invitation_url(user)},
        )
    return user


def invited_user(uidb64: str, token: str):
    """The account an invitation link names, while the link still works; else None."""
    user_model = get_user_model()
    try:
        user = user_model.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, user_model.DoesNotExist):
        return None
    if user.is_active or not staff_invitation_token.check_token(user, token):
        return None
    return user


def accept_invitation(user, password: str) -> None:
    """Set the first password; the account works from now on (two-factor set-up comes next)."""
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    record(user, "accept invitation", user)


@transaction.atomic
def remove_access(user, by) -> None:
    """Take every staff role away and sign the person out everywhere."""
    set_access(user, Access(roles=frozenset()), by)
    end_all_sessions(user)
