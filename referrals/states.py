"""The life of a request for support, as data: which actions exist, from which states, to which
state, and who may take them. Services check this table; pages show only what it allows; nothing
else decides.

    sent -> received (the team opened it) -> accepted | declined (a reason the family reads)
    accepted -> contacted (first contact with the family) -> closed (an outcome)
    accepted -> closed (e.g. the family did not engage before any contact)
    withdrawn by the referrer or the family at any time before it ends
    received | accepted -> transferred (a new request to another service, linked to this one)
"""

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    SENT = "sent", "Sent"
    RECEIVED = "received", "Opened"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CONTACTED = "contacted", "Family contacted"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    TRANSFERRED = "transferred", "Transferred"


class Actor(models.TextChoices):
    TEAM = "team", "The receiving team"
    REFERRER = "referrer", "The referrer"
    FAMILY = "family", "The family"
    SYSTEM = "system", "Family Hubs"


# Once here, a request never changes state again.
FINAL = frozenset({Status.DECLINED, Status.CLOSED, Status.WITHDRAWN, Status.TRANSFERRED})
OPEN = frozenset(Status) - FINAL
# Waiting for the team's reply (accept or decline): what the response target measures.
AWAITING_REPLY = frozenset({Status.SENT, Status.RECEIVED})


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # the button's words
    to_status: Status
    from_statuses: frozenset[Status]
    actors: frozenset[Actor]


ACTIONS: dict[str, Action] = {
    action.name: action
    for action in [
        Action(
            "receive", "Open", Status.RECEIVED, frozenset({Status.SENT}), frozenset({Actor.TEAM})
        ),
        Action(
            "accept",
            "Accept",
            Status.ACCEPTED,
            frozenset({Status.RECEIVED}),
            frozenset({Actor.TEAM}),
        ),
        Action(
            "decline",
            "Decline",
            Status.DECLINED,
            frozenset({Status.RECEIVED}),
            frozenset({Actor.TEAM}),
        ),
        Action(
            "record_contact",
            "Record first contact",
            Status.CONTACTED,
            frozenset({Status.ACCEPTED}),
            frozenset({Actor.TEAM}),
        ),
        Action(
            "close",
            "Close",
            Status.CLOSED,
            frozenset({Status.ACCEPTED, Status.CONTACTED}),
            frozenset({Actor.TEAM}),
        ),
        Action(
            "transfer",
            "Transfer to another service",
            Status.TRANSFERRED,
            frozenset({Status.RECEIVED, Status.ACCEPTED}),
            frozenset({Actor.TEAM}),
        ),
        Action(
            "withdraw",
            "Withdraw",
            Status.WITHDRAWN,
            OPEN,
            frozenset({Actor.REFERRER, Actor.FAMILY}),
        ),
    ]
}


class IllegalTransition(Exception):
    """The action is not allowed from the request's state, or not by this person."""

    def __init__(self, action: str, status: str, actor: str) -> None:
        super().__init__(f"A request that is {status} cannot be sent to '{action}' by the {actor}.")
        self.action, self.status, self.actor = action, status, actor


def allowed_actions(status: str, actor: Actor) -> list[Action]:
    """The actions this kind of person may take on a request in this state, in table order."""
    return [a for a in ACTIONS.values() if status in a.from_statuses and actor in a.actors]


def action_for(name: str, status: str, actor: Actor) -> Action:
    """The action, if it is allowed here; IllegalTransition otherwise."""
    action = ACTIONS.get(name)
    if action is None or status not in action.from_statuses or actor not in action.actors:
        raise IllegalTransition(name, status, actor)
    return action
