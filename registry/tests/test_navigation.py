"""The menu and the layout's links, rendered on every signed-in page: each role's own menu, whoever came before."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from registry.navigation import items_for

pytestmark = pytest.mark.django_db

PRINCIPALS = ["province", "city_a", "enterprise_a", "institution_a", "province", "city_a"]


def menu(body: str) -> list[tuple[str, str]]:
    return re.findall(r'<li class="nav-item"><a class="nav-link(?: active)?" href="([^"]+)"[^>]*>([^<]+)</a>', body)


@pytest.mark.parametrize("order", [PRINCIPALS, list(reversed(PRINCIPALS))])
def test_each_role_sees_its_own_menu_whichever_role_was_served_before(world, client_for, order):
    """The menu's URLs are reversed once per role and process (navigation.links_for): a city clerk served after
    provincial staff must not get the province's menu, nor the other way round."""
    for principal in order:
        body = client_for(principal).get(reverse("registry:notice-list")).content.decode()
        expected = [(reverse(item.url_name), item.label) for item in items_for(world.user(principal))]
        assert menu(body)[: len(expected)] == expected, principal


def test_the_layout_links_to_password_change_and_signs_out_by_post(client_for):
    body = client_for("city_a").get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in body
    assert f'<form method="post" action="{reverse("logout")}">' in body
    assert f'href="{reverse("registry:notice-list")}" data-testid="nav-notices"' in body
    assert f'class="nav-link active" href="{reverse("home")}" aria-current="page"' in body
