"""The policy table, stated from the measures: who may do what, independent of the views that ask it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from registry import services
from registry.permissions import POLICY, can, require
from registry.tests.appointment_fixtures import acknowledged, fields, submitted

pytestmark = pytest.mark.django_db

# action: the principals who may do it (without an object); everyone else may not.
EXPECTED = {
    "appointment.file": {"enterprise_a", "enterprise_b"},  # Article 2: the legal representative appoints
    "appointment.dismiss": {"enterprise_a", "enterprise_b"},
    "appointment.review": {"province", "city_a", "city_b", "admin"},  # the bureaux review, never file
    "finding.record": {"province", "city_a", "city_b", "admin"},
    "person.reveal_id": {"province", "admin"},
    "access_log.view": {"province", "admin"},
    "institution.manage": {"province", "admin"},
    "pool.view": {
        "province",
        "city_a",
        "city_b",
        "institution_a",
        "institution_b",
        "enterprise_a",
        "enterprise_b",
        "admin",
    },
}


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_roles_allowed_per_action(world, action):
    allowed = {p for p in world.users if can(world.user(p), action)}
    assert allowed == EXPECTED[action]


def test_signed_out_may_do_nothing(world):
    assert not any(can(world.user("anonymous"), action) for action in POLICY)


def test_object_rules_tie_the_user_to_the_enterprise(world):
    """A city bureau reviews only its own unit's filings; an enterprise files only for itself."""
    appointment = submitted(world)
    assert can(world.user("city_a"), "appointment.review", appointment)
    assert not can(world.user("city_b"), "appointment.review", appointment)
    assert can(world.user("province"), "appointment.review", appointment)
    assert can(world.user("enterprise_a"), "appointment.file", appointment)
    assert not can(world.user("enterprise_b"), "appointment.file", appointment)


def test_the_province_reviews_but_does_not_file_or_dismiss(world):
    """The service refuses the province filing or dismissing for an enterprise, with the policy's reason."""
    with pytest.raises(PermissionDenied, match="法定代表人"):
        services.appointment_submit(**fields(world, actor=world.user("province")))
    current = acknowledged(world)
    with pytest.raises(PermissionDenied):
        services.appointment_dismiss(
            appointment=current, actor=world.user("admin"), ended_on=current.appointed_on, reason="x"
        )
    with pytest.raises(PermissionDenied):
        require(world.user("city_a"), "person.reveal_id")


def test_menu_and_buttons_follow_the_table(world, client_for):
    """The menu shows a page exactly when the policy lets the user open it."""
    page = client_for("city_a").get(reverse("home")).content.decode()
    assert reverse("registry:finding-list") in page and reverse("registry:access-log") not in page
    page = client_for("enterprise_a").get(reverse("registry:appointment-list")).content.decode()
    assert reverse("registry:appointment-create") in page
    page = client_for("province").get(reverse("registry:appointment-list")).content.decode()
    assert reverse("registry:appointment-create") not in page
