"""Issuing certificates to a cohort's passed graduates, revoking them, and the talent pool following at once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pool.models import PoolEntry
from training.certificates import signing
from training.models import Certificate, Entrustment
from training.services import certificate_issue, certificate_issue_cohort, certificate_revoke

from .cert_factories import make_cohort, make_graduate

pytestmark = pytest.mark.django_db

ISSUED = datetime.date(2026, 7, 10)


@pytest.fixture
def cohort(world):
    return make_cohort(world.academy)


def test_a_cohort_issue_gives_every_passed_graduate_one_numbered_signed_certificate(world, cohort):
    """Passed graduates get certificates numbered by institution, year and sequence; the failed one gets none."""
    zhao = make_graduate(cohort, world.acme, name="赵敏")
    qian = make_graduate(cohort, world.acme, name="钱多多")
    make_graduate(cohort, world.acme, name="孙不及", passed=False)
    result = certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=world.user("institution_a"))
    numbers = [c.number for c in result.certificates]
    prefix = f"FJCQO-{world.academy.pk:03d}-2026-"
    assert numbers == [f"{prefix}0001", f"{prefix}0002"]
    assert [c.graduate for c in result.certificates] == [zhao, qian]
    first = result.certificates[0]
    assert first.issued_on == ISSUED and first.cohort == cohort and first.issued_by == world.user("institution_a")
    # The verification code: 16 base32 characters (80 random bits), not derivable from the number.
    assert len(first.code) == 16 and first.code != result.certificates[1].code
    facts = signing.verify(first.token).facts
    assert (facts.number, facts.name, facts.institution, facts.hours, facts.code) == (
        first.number,
        "赵敏",
        world.academy.name,
        48,
        first.code,
    )


def test_issuing_again_skips_those_who_have_one_and_continues_the_sequence(world, cohort):
    make_graduate(cohort, world.acme, name="赵敏")
    certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=None)
    late = make_graduate(cohort, world.acme, name="周迟到")
    again = certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=None)
    assert again.already_issued == 1 and [c.graduate for c in again.certificates] == [late]
    assert again.certificates[0].number.endswith("-2026-0002")
    with pytest.raises(ValidationError, match="已领取结业证书"):
        certificate_issue(graduate=late, issued_on=ISSUED, actor=None)
    assert Certificate.objects.filter(cohort=cohort).count() == 2


def test_one_graduate_at_a_time_and_never_to_a_failed_one(world, cohort):
    passed = make_graduate(cohort, world.acme, name="赵敏")
    failed = make_graduate(cohort, world.acme, name="孙不及", passed=False)
    certificate = certificate_issue(graduate=passed, issued_on=ISSUED, actor=world.user("institution_a"))
    assert certificate.graduate == passed
    with pytest.raises(ValidationError, match="不合格"):
        certificate_issue(graduate=failed, issued_on=ISSUED, actor=world.user("institution_a"))


def test_refused_when_the_institution_is_not_entrusted_on_the_issue_date(world):
    """厦门质量管理培训中心 has no entrustment; academy's lapsed before the date: both refused with the reason."""
    college_cohort = make_cohort(world.college, "COLLEGE-01")
    make_graduate(college_cohort, world.bolt)
    with pytest.raises(ValidationError) as refused:
        certificate_issue_cohort(cohort=college_cohort, issued_on=ISSUED, actor=world.user("institution_b"))
    assert "不在省局委托的培训期内" in str(refused.value)
    Entrustment.objects.filter(institution=world.academy).update(until=datetime.date(2026, 7, 1))
    cohort = make_cohort(world.academy)
    make_graduate(cohort, world.acme)
    with pytest.raises(ValidationError, match="2026-07-10"):
        certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=None)
    assert not Certificate.objects.filter(cohort__in=[cohort, college_cohort]).exists()


def test_refused_before_the_cohort_ends_or_in_the_future(world, cohort):
    make_graduate(cohort, world.acme)
    with pytest.raises(ValidationError, match="早于班次的结业日期"):
        certificate_issue_cohort(cohort=cohort, issued_on=datetime.date(2026, 6, 1), actor=None)
    with pytest.raises(ValidationError):
        certificate_issue_cohort(cohort=cohort, issued_on=datetime.date(2199, 1, 1), actor=None)


def test_only_the_cohorts_own_institution_issues(world, cohort):
    make_graduate(cohort, world.acme)
    for principal in ("institution_b", "province", "city_a", "enterprise_a"):
        with pytest.raises(PermissionDenied):
            certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=world.user(principal))
    assert not Certificate.objects.filter(cohort=cohort).exists()


def test_issuing_and_revoking_move_the_holder_in_and_out_of_the_pool_at_once(world, cohort):
    """Article 12: the pool row appears when the certificate is issued, and goes when it is revoked."""
    graduate = make_graduate(cohort, world.acme, name="赵敏")
    assert not PoolEntry.objects.filter(person=graduate.person).exists()
    certificate = certificate_issue(graduate=graduate, issued_on=ISSUED, actor=world.user("institution_a"))
    entry = PoolEntry.objects.get(person=graduate.person)
    assert entry.via_certificate and entry.certificate_year == 2026
    certificate_revoke(
        certificate=certificate,
        actor=world.user("institution_a"),
        revoked_on=datetime.date(2026, 8, 1),
        reason="考核材料弄虚作假",
    )
    assert not PoolEntry.objects.filter(person=graduate.person).exists()


def test_revocation_by_the_institution_or_the_province_never_another(world, cohort):
    graduate = make_graduate(cohort, world.acme)
    certificate = certificate_issue(graduate=graduate, issued_on=ISSUED, actor=None)
    for principal in ("institution_b", "city_a", "enterprise_a"):
        with pytest.raises(PermissionDenied):
            certificate_revoke(
                certificate=certificate, actor=world.user(principal), revoked_on=ISSUED, reason="不应生效"
            )
    with pytest.raises(ValidationError):  # a reason is required
        certificate_revoke(certificate=certificate, actor=world.user("province"), revoked_on=ISSUED, reason="")
    certificate_revoke(certificate=certificate, actor=world.user("province"), revoked_on=ISSUED, reason="省局核查")
    certificate.refresh_from_db()
    assert certificate.revoked and certificate.revoked_on == ISSUED and certificate.revoked_reason == "省局核查"


def test_no_signing_key_no_certificate(world, cohort, settings):
    """Without DEBUG's development key and with no key file configured, issuing is refused, saying why."""
    settings.CERTIFICATE_DEVELOPMENT_KEY = False
    settings.CERTIFICATE_SIGNING_KEY_FILE = ""
    make_graduate(cohort, world.acme)
    with pytest.raises(ValidationError, match="签名密钥"):
        certificate_issue_cohort(cohort=cohort, issued_on=ISSUED, actor=None)
