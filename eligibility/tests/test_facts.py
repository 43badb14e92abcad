"""eligibility.facts builds the engine's Candidate from the real database."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eligibility import facts, rules
from registry.models import Finding, QualityWorkPeriod
from training.models import Certificate, Entrustment

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n"


def test_lin_fang_at_acme_is_eligible(world):
    """A medium enterprise's bachelor with an intermediate title, 14 years of quality work and a valid certificate passes."""
    candidate = facts.candidate_for(person=world.lin_fang, enterprise=world.acme, as_of=D(2025, 1, 1))
    assert candidate.enterprise_size == "medium"
    assert candidate.education == "bachelor"
    assert candidate.title == "intermediate"
    assert candidate.quality_work == [rules.Period(D(2010, 7, 1), None)]
    assert candidate.certificates == [rules.Certificate(D(2024, 5, 10), False, D(2015, 1, 1), None)]
    assert candidate.declarations == rules.Declarations(ethics=True, laws=True)
    assert candidate.findings == []
    assert rules.evaluate(candidate).status == rules.ELIGIBLE


def test_declarations_count_only_from_their_date(world):
    """Declarations signed after as_of are not yet made, so 5.1 and 5.2 go to review."""
    verdict = facts.verdict_for(person=world.lin_fang, enterprise=world.acme, as_of=D(2024, 2, 1))
    assert [c.result for c in verdict.clauses[:2]] == [rules.REVIEW, rules.REVIEW]


def test_no_enterprise_means_unknown_size(world):
    candidate = facts.candidate_for(person=world.lin_fang, enterprise=None, as_of=D(2025, 1, 1))
    assert candidate.enterprise_size == "unknown"


def test_confirmed_declared_size_wins(world):
    """The city-confirmed declared size, not the computed one, is what the rules see."""
    world.acme.declared_size = "small"
    world.acme.size_confirmed_by_city = True
    world.acme.save()
    candidate = facts.candidate_for(person=world.lin_fang, enterprise=world.acme, as_of=D(2025, 1, 1))
    assert candidate.enterprise_size == "small"


def test_overlapping_periods_are_passed_for_the_engine_to_merge(world):
    QualityWorkPeriod.objects.create(
        person=world.chen_jie, start=D(2018, 1, 1), end=D(2020, 12, 31), employer="甲公司", position="质检员"
    )
    QualityWorkPeriod.objects.create(person=world.chen_jie, start=D(2020, 6, 1), employer="鹭岛电子科技有限公司")
    candidate = facts.candidate_for(person=world.chen_jie, enterprise=world.bolt, as_of=D(2025, 1, 1))
    assert sorted(p.start for p in candidate.quality_work) == [D(2018, 1, 1), D(2020, 6, 1)]
    assert rules.count_experience(candidate.quality_work, candidate.as_of).meets(7)


def test_certificate_carries_the_window_that_covered_its_issue_date(world):
    """With two entrustment periods, the one in force on the issue date is the one passed."""
    Entrustment.objects.create(institution=world.college, from_date=D(2016, 1, 1), until=D(2018, 12, 31))
    Entrustment.objects.create(institution=world.college, from_date=D(2021, 1, 1))
    Certificate.objects.create(
        number="X-2017", person=world.chen_jie, institution=world.college, issued_on=D(2017, 6, 1)
    )
    candidate = facts.candidate_for(person=world.chen_jie, enterprise=world.bolt, as_of=D(2025, 1, 1))
    assert candidate.certificates == [rules.Certificate(D(2017, 6, 1), False, D(2016, 1, 1), D(2018, 12, 31))]


def test_certificate_issued_between_windows_fails_naming_the_nearest(world):
    Entrustment.objects.create(institution=world.college, from_date=D(2016, 1, 1), until=D(2018, 12, 31))
    Entrustment.objects.create(institution=world.college, from_date=D(2021, 1, 1))
    Certificate.objects.create(
        number="X-2019", person=world.chen_jie, institution=world.college, issued_on=D(2019, 3, 1)
    )
    verdict = facts.verdict_for(person=world.chen_jie, enterprise=world.bolt, as_of=D(2025, 1, 1))
    training = next(c for c in verdict.clauses if c.clause == "5.5")
    assert training.result == rules.FAIL
    assert "2016-01-01至2018-12-31" in training.reason


def test_revoked_entrustment_covers_nothing_and_never_entrusted_institution_fails(world):
    Entrustment.objects.create(institution=world.college, from_date=D(2016, 1, 1), revoked=True)
    Certificate.objects.create(
        number="X-2020", person=world.chen_jie, institution=world.college, issued_on=D(2020, 3, 1)
    )
    verdict = facts.verdict_for(person=world.chen_jie, enterprise=world.bolt, as_of=D(2025, 1, 1))
    assert next(c for c in verdict.clauses if c.clause == "5.5").result == rules.FAIL


def test_certificate_revoked_later_still_counted_before_revocation(world):
    certificate = world.lin_fang.certificates.get()
    certificate.revoked, certificate.revoked_on, certificate.revoked_reason = True, D(2025, 3, 1), "复核不合格"
    certificate.save()
    before = facts.candidate_for(person=world.lin_fang, enterprise=world.acme, as_of=D(2025, 2, 28))
    after = facts.candidate_for(person=world.lin_fang, enterprise=world.acme, as_of=D(2025, 3, 1))
    assert before.certificates[0].revoked is False
    assert after.certificates[0].revoked is True


def test_findings_are_passed_with_their_dates(world):
    """An active Article 6 finding makes the person ineligible; a lifted one does not."""
    Finding.objects.create(
        person=world.lin_fang,
        item=2,
        decided_on=D(2024, 8, 1),
        evidence=SimpleUploadedFile("e.pdf", PDF),
        recorded_by=world.users["province"],
        lifted_on=D(2024, 12, 1),
        lifted_reason="复议撤销",
        lifted_by=world.users["province"],
    )
    Finding.objects.create(
        person=world.lin_fang,
        item=4,
        decided_on=D(2025, 2, 1),
        evidence=SimpleUploadedFile("e.pdf", PDF),
        recorded_by=world.users["province"],
    )
    candidate = facts.candidate_for(person=world.lin_fang, enterprise=world.acme, as_of=D(2025, 6, 1))
    assert candidate.findings == [
        rules.Finding(2, D(2024, 8, 1), D(2024, 12, 1)),
        rules.Finding(4, D(2025, 2, 1), None),
    ]
    verdict = rules.evaluate(candidate)
    assert verdict.status == rules.INELIGIBLE
    assert {c.clause: c.result for c in verdict.clauses}["6.4"] == rules.FAIL
    assert facts.verdict_for(person=world.lin_fang, enterprise=world.acme, as_of=D(2025, 1, 1)).status == rules.ELIGIBLE


def test_many_candidates_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    """Gathering facts for several people does not cost queries per person."""
    pairs = [(world.lin_fang, world.acme), (world.chen_jie, world.bolt)]
    with django_assert_max_num_queries(5):
        candidates = facts.candidates_for(pairs, as_of=D(2025, 1, 1))
    assert [c.id for c in candidates] == [str(world.lin_fang.pk), str(world.chen_jie.pk)]


def test_facts_are_read_afresh_for_a_person_object_already_used(world):
    """A finding recorded after a first verdict on the same Person object changes the next verdict."""
    person = world.lin_fang
    first = facts.verdict_for(person, enterprise=world.acme, as_of=D(2025, 1, 1))
    Finding.objects.create(person=person, item=1, decided_on=D(2024, 12, 1), recorded_by=world.user("province"))
    second = facts.verdict_for(person, enterprise=world.acme, as_of=D(2025, 1, 1))
    assert [c.result for c in first.clauses if c.clause == "6.1"] == [rules.PASS]
    assert [c.result for c in second.clauses if c.clause == "6.1"] == [rules.FAIL]
