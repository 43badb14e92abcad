"""The one way anyone is told anything: an in-portal notice plus an email, sent after the write commits.

Services call ``notify(...)`` inside their transaction; nothing happens until that transaction commits,
so a write that rolls back tells nobody. On commit each recipient (a city bureau, an enterprise, a training
institution, the provincial bureau or one user) gets one Notice in the portal, and every active account of it with an email address gets an email
through Django's email backend. A failing email is logged; it never undoes the write or the notice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
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


def _deliver(
    *, text, link_name, link_kwargs, city_id, enterprise_id, user_id, link_query="", institution_id=None, province=False
) -> None:
    link = reverse(link_name, kwargs=link_kwargs) if link_name else ""
    if link and link_query:
        link = f"{link}?{link_query}"
    if city_id:
        Notice.objects.create(recipient_city_id=city_id, text=text, link=link)
        _email(User.objects.filter(city_id=city_id), text, link)
    if enterprise_id:
        Notice.objects.create(recipient_enterprise_id=enterprise_id, text=text, link=link)
        _email(User.objects.filter(enterprise_id=enterprise_id), text, link)
    if user_id:
        Notice.objects.create(recipient_user_id=user_id, text=text, link=link)
        _email(User.objects.filter(pk=user_id), text, link)
    if institution_id:
        Notice.objects.create(recipient_institution_id=institution_id, text=text, link=link)
        _email(User.objects.filter(institution_id=institution_id), text, link)
    if province:
        Notice.objects.create(recipient_province=True, text=text, link=link)
        _email(User.objects.filter(role=Role.PROVINCE), text, link)


def _email(accounts, text: str, link: str) -> None:
    addresses = sorted(set(accounts.filter(is_active=True).exclude(email="").values_list("email", flat=True)))
    if not addresses:
        return
    body = f"{text}\n\n请登录福建省首席质量官服务平台查看：{link}" if link else text
    for address in addresses:
        # One message per address: recipients of a bureau-wide notice need not see each other's addresses.
        try:
            send_mail(SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:
            logger.exception("Notice email to %s failed; the in-portal notice stands.", address)
