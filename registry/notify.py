"""The one way anyone is told anything: an in-portal notice plus an email, sent after the write commits.

Services call ``notify(...)`` inside their transaction; nothing happens until that transaction commits,
so a write that rolls back tells nobody. On commit each recipient (a city bureau, an enterprise, a training
institution, the provincial bureau or one user) gets one Notice in the portal, and every active account of it with an email address gets an email
through Django's email backend. A failing email is logged; it never undoes the write or the notice.

Work that must know whether its emails went out (the reminder sweep, which retries) calls ``deliver_batch``
instead: the same recipients, notices written only when asked, emails sent at once with a Message-ID the caller
chooses, and each message's failure reported back rather than logged.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from .models import City, Enterprise, Notice, User
from .permissions import Role

logger = logging.getLogger(__name__)

SUBJECT = "福建省首席质量官服务平台通知"


def notify(
    *,
    text: str,
    link_name: str | None = None,
    link_kwargs: dict | None = None,
    link_query: str = "",
    city: City | None = None,
    enterprise: Enterprise | None = None,
    user: User | None = None,
    institution=None,  # a training.Institution (registry does not import training)
    province: bool = False,
) -> None:
    """Queue a notice to each recipient given (at least one), delivered when the current transaction commits.

    The link is a URL name and its kwargs, reversed at send time, so services never build URLs; `link_query`
    (e.g. "pending_city_check=1") is appended to it, for a link to a filtered list.
    """
    recipients = [r for r in (city, enterprise, user, institution) if r is not None]
    if not recipients and not province:
        raise ValueError("notify() needs a city, an enterprise, an institution, the province or a user to tell.")
    text = text[:500]
    link_kwargs = dict(link_kwargs or {})
    transaction.on_commit(
        lambda: _deliver(
            text=text,
            link_name=link_name,
            link_kwargs=link_kwargs,
            link_query=link_query,
            city_id=city.pk if city else None,
            enterprise_id=enterprise.pk if enterprise else None,
            user_id=user.pk if user else None,
            institution_id=institution.pk if institution else None,
            province=province,
        )
    )


def _audiences(*, city_id=None, enterprise_id=None, user_id=None, institution_id=None, province=False):
    """Who gets told: for each recipient, the Notice fields addressing it and the account fields of those who get
    its email (the active accounts with an address among them). The one home of that rule, for notify() and
    deliver_batch() alike."""
    audiences = []
    if city_id:
        audiences.append(({"recipient_city_id": city_id}, {"city_id": city_id}))
    if enterprise_id:
        audiences.append(({"recipient_enterprise_id": enterprise_id}, {"enterprise_id": enterprise_id}))
    if user_id:
        audiences.append(({"recipient_user_id": user_id}, {"pk": user_id}))
    if institution_id:
        audiences.append(({"recipient_institution_id": institution_id}, {"institution_id": institution_id}))
    if province:
        audiences.append(({"recipient_province": True}, {"role": Role.PROVINCE}))
    return audiences


def _deliver(
    *, text, link_name, link_kwargs, city_id, enterprise_id, user_id, link_query="", institution_id=None, province=False
) -> None:
    link = reverse(link_name, kwargs=link_kwargs) if link_name else ""
    if link and link_query:
        link = f"{link}?{link_query}"
    for notice_fields, accounts in _audiences(
        city_id=city_id, enterprise_id=enterprise_id, user_id=user_id, institution_id=institution_id, province=province
    ):
        Notice.objects.create(text=text, link=link, **notice_fields)
        _email(User.objects.filter(**accounts), text, link)


def _body(text: str, link: str) -> str:
    return f"{text}\n\n请登录福建省首席质量官服务平台查看：{link}" if link else text


@dataclass(frozen=True)
class Message:
    """One thing to tell, for deliver_batch: `key` names it in the Message-ID of its emails (e.g. "reminder-12"),
    so the same message sent twice is recognisable as one in any mailbox."""

    key: str
    text: str
    link: str = ""
    city_id: int | None = None
    institution_id: int | None = None
    enterprise_id: int | None = None
    province: bool = False
    write_notices: bool = True  # False on a retry whose notices were already written


def message_id(key: str, address: str) -> str:
    """A deterministic Message-ID: one per (message, address), the same on every retry."""
    digest = hashlib.sha256(address.lower().encode()).hexdigest()[:16]
    return f"<{key}-{digest}@cqo-portal>"


def deliver_batch(messages: list[Message]) -> dict[str, str]:
    """Tell every recipient of every message now (not on commit): notices in one insert, the addressed accounts
    read in one query, the emails over one connection. Returns {key: error} for each message an email of which
    failed; the caller decides what a failure means (the reminder ledger retries it)."""
    messages = list(messages)
    if not messages:
        return {}
    audiences = {
        m.key: _audiences(
            city_id=m.city_id, enterprise_id=m.enterprise_id, institution_id=m.institution_id, province=m.province
        )
        for m in messages
    }
    notices = [
        Notice(text=m.text[:500], link=m.link, **fields)
        for m in messages
        if m.write_notices
        for fields, _ in audiences[m.key]
    ]
    if notices:
        Notice.objects.bulk_create(notices)
    # One query for every account any message addresses: each audience is one field and value ("city_id": 3).
    wanted_values: dict[str, set] = {}
    for entries in audiences.values():
        for _, account_fields in entries:
            for field, value in account_fields.items():
                wanted_values.setdefault(field, set()).add(value)
    wanted = Q(pk__in=[])
    for field, values in wanted_values.items():
        wanted |= Q(**{f"{field}__in": values})
    addresses_of: dict[tuple, set[str]] = {}
    for account in (
        User.objects.filter(wanted, is_active=True)
        .exclude(email="")
        .values("pk", "email", "role", "city_id", "institution_id", "enterprise_id")
    ):
        for field in wanted_values:
            addresses_of.setdefault((field, account[field]), set()).add(account["email"])
    failures: dict[str, str] = {}
    connection = get_connection()
    try:
        for m in messages:
            addresses = sorted(
                set().union(
                    *(
                        addresses_of.get((field, value), set())
                        for _, account_fields in audiences[m.key]
                        for field, value in account_fields.items()
                    )
                )
            )
            for address in addresses:
                email = EmailMessage(
                    SUBJECT,
                    _body(m.text, m.link),
                    settings.DEFAULT_FROM_EMAIL,
                    [address],
                    headers={"Message-ID": message_id(m.key, address)},
                    connection=connection,
                )
                try:
                    email.send(fail_silently=False)
                except Exception as error:  # SMTP refusals, timeouts, a dead connection: all retried by the caller
                    failures[m.key] = f"{address}: {type(error).__name__}: {error}"[:500]
                    connection.close()  # a broken connection is reopened for the next message
    finally:
        connection.close()
    return failures


def _email(accounts, text: str, link: str) -> None:
    addresses = sorted(set(accounts.filter(is_active=True).exclude(email="").values_list("email", flat=True)))
    if not addresses:
        return
    body = _body(text, link)
    for address in addresses:
        # One message per address: recipients of a bureau-wide notice need not see each other's addresses.
        try:
            send_mail(SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:
            logger.exception("Notice email to %s failed; the in-portal notice stands.", address)
