"""Who sees which requests for support: one selector per scope, used by every page.

A team member sees the requests of the services whose team they are in (an active member, in the
"Service teams" group, so two-factor sign-in is enforced); the council's routing team also sees
the requests of services with no active team member. A referrer sees what they sent; a family
sees its own. Anyone else sees nothing.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.roles import PROFESSIONALS, SERVICE_TEAMS, group_names
from directory.models import Service
from families.models import Family
from referrals import clocks
from referrals.models import (
    ReceivingTeamMember,
    RequestForSupport,
    RoutingTeamMember,
    ServiceIntake,
)
from referrals.states import AWAITING_REPLY, OPEN, Status

User = get_user_model()


def _signed_in_with_role(user, role: str) -> bool:
    return bool(user and user.is_authenticated and user.is_active and role in group_names(user))


def is_team_member(user) -> bool:
    return _signed_in_with_role(user, SERVICE_TEAMS)


def is_professional(user) -> bool:
    return _signed_in_with_role(user, PROFESSIONALS)


def _team_service_ids(user) -> QuerySet:
    """The ids of the services whose requests this person triages, in one query: the intakes
    they are an active member of and, for the routing team, those with no active member
    (few rows: only services that take requests have an intake)."""
    if not is_team_member(user):
        return ServiceIntake.objects.none().values_list("service_id", flat=True)
    own = Exists(ReceivingTeamMember.objects.filter(intake=OuterRef("pk"), user=user, active=True))
    routes = Exists(RoutingTeamMember.objects.filter(user=user, active=True))
    staffed = Exists(
        ReceivingTeamMember.objects.filter(intake=OuterRef("pk"), active=True, user__is_active=True)
    )
    return ServiceIntake.objects.filter(Q(own) | (Q(routes) & ~Q(staffed))).values_list(
        "service_id", flat=True
    )


def services_for_team(user) -> QuerySet[Service]:
    """The services whose requests this person triages."""
    return Service.objects.filter(pk__in=_team_service_ids(user))


def requests_for_team(user) -> QuerySet[RequestForSupport]:
    """The requests this person may see and act on as the receiving team.

    The services are read first (one small query) so the database sees their ids: with one
    service it reads the inbox's page straight off the triage index instead of sorting."""
    return RequestForSupport.objects.filter(service_id__in=list(_team_service_ids(user)))


# The inbox's filters: which states, and how long a request has waited.
STATUS_FILTERS = {
    "open": ("Open", OPEN),
    "awaiting": ("Waiting for a reply", AWAITING_REPLY),
    **{status.value: (status.label, frozenset({status})) for status in Status},
    "all": ("All", frozenset(Status)),
}
WAITING_FILTERS = {
    "overdue": "Reply overdue",
    "2": "Sent 2 or more working days ago",
    "5": "Sent 5 or more working days ago",
    "10": "Sent 10 or more working days ago",
}


# Most urgent first, then the longest waiting; the id makes the order total, so a request is
# on exactly one page. The triage index holds these columns in this order.
INBOX_ORDER = ("-urgency", "sent_at", "pk")
# What a row of the list shows: the rest (reason, answers, contact details) is neither
# loaded nor decrypted until the request itself is opened.
LIST_FIELDS = (
    "reference",
    "service__name",
    "person_name",
    "urgency",
    "status",
    "sent_at",
    "respond_by",
    "closed_at",
)


def filter_inbox(
    requests: QuerySet[RequestForSupport],
    *,
    status: str = "open",
    urgency: int | None = None,
    waiting: str = "",
    today: datetime.date | None = None,
) -> QuerySet[RequestForSupport]:
    """A team's requests (from `requests_for_team`), filtered, in the inbox's order."""
    today = today or timezone.localdate()
    if status != "all":
        requests = requests.filter(status__in=STATUS_FILTERS[status][1])
    if urgency is not None:
        requests = requests.filter(urgency=urgency)
    if waiting == "overdue":
        requests = requests.filter(status__in=AWAITING_REPLY, respond_by__lt=today)
    elif waiting:
        latest_day = clocks.working_days_before(today, int(waiting))
        day_after = datetime.datetime.combine(
            latest_day + datetime.timedelta(days=1),
            datetime.time(),
            timezone.get_current_timezone(),
        )
        requests = requests.filter(sent_at__lt=day_after)
    return requests.order_by(*INBOX_ORDER)


def inbox_requests(user, **filters) -> QuerySet[RequestForSupport]:
    """The team's requests, filtered (see `filter_inbox`), most urgent first and then the
    longest waiting."""
    return filter_inbox(requests_for_team(user), **filters)


@dataclass(frozen=True)
class InboxPage:
    """One page of a filtered inbox."""

    rows: list[RequestForSupport]
    number: int
    count: int  # requests matching the filters, on every page
    per_page: int

    @property
    def page_count(self) -> int:
        return _page_count(self.count, self.per_page)


def _page_count(count: int, per_page: int) -> int:
    return max(1, -(-count // per_page))


def inbox_page(
    requests: QuerySet[RequestForSupport], number: int, per_page: int
) -> InboxPage | None:
    """Page `number` of a filtered inbox (from `filter_inbox`), or None past the last page.

    A deep page costs about what the first does: the page's ids are read off the triage index
    alone (the filters' columns are in it), skipping the earlier pages' entries there rather
    than their rows, and only the page's own rows are fetched."""
    count = requests.count()
    if number > _page_count(count, per_page):
        return None
    start = (number - 1) * per_page
    ids = requests.values("pk")[start : start + per_page]
    rows = (
        RequestForSupport.objects.filter(pk__in=ids)
        .select_related("service")
        .only(*LIST_FIELDS)
        .order_by(*INBOX_ORDER)
    )
    return InboxPage(rows=list(rows), number=number, count=count, per_page=per_page)


def requests_sent_by(user) -> QuerySet[RequestForSupport]:
    """The referrals a professional sent."""
    if not is_professional(user):
        return RequestForSupport.objects.none()
    return RequestForSupport.objects.filter(referrer=user)


def requests_for_family(family: Family | None) -> QuerySet[RequestForSupport]:
    """A family's own requests (whoever sent them)."""
    if family is None:
        return RequestForSupport.objects.none()
    return RequestForSupport.objects.filter(family=family)


def requests_made_by(user) -> QuerySet[RequestForSupport]:
    """A signed-in parent's requests: the ones they asked for and their family's."""
    if not (user and user.is_authenticated):
        return RequestForSupport.objects.none()
    family_ids = Family.objects.filter(adults__user=user).values("pk")
    return RequestForSupport.objects.filter(Q(requester=user) | Q(family__in=family_ids))


def team_for(service: Service) -> QuerySet:
    """Who receives this service's requests: its active team, or else the routing team."""
    team = User.objects.filter(
        is_active=True,
        receiving_teams__intake__service=service,
        receiving_teams__active=True,
    )
    if team.exists():
        return team
    return User.objects.filter(is_active=True, routing_team__active=True)
