"""A small world for the statistics tests: the `stats_world` fixture (its story in its docstring) and its helpers."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from registry.models import Appointment, AppointmentStatus, Enterprise, Finding
from training.models import Graduate

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>\nstartxref\n9\n%%EOF\n"


def day(y, m, d):
    return datetime.date(y, m, d)


def acknowledge(enterprise, person, appointed_on, status=AppointmentStatus.ACKNOWLEDGED):
    return Appointment.objects.create(
        enterprise=enterprise,
        person=person,
        appointed_by="郑建国",
        appointed_on=appointed_on,
        status=status,
        submitted_at=timezone.make_aware(datetime.datetime(2024, 1, 1)),
        reviewed_at=timezone.make_aware(datetime.datetime.combine(appointed_on, datetime.time(9))),
    )


def graduate(world, person, enterprise, passed):
    return Graduate.objects.create(
        cohort=world.cohort,
        person=person,
        enterprise=enterprise,
        enterprise_name=enterprise.name,
        education=person.education,
        title_level=person.title_level,
        passed=passed,
    )


@pytest.fixture
def stats_world(world):
    """In 2024: acme (Fuzhou, section C, medium, post set up) sent lin_fang to the academy's cohort (passed, her
    certificate issued the day it ended) and bolt (Xiamen, C, small) sent chen_jie (failed). lin_fang was acknowledged
    acme's CQO from 2024-06-01; the province found an Article 6 case against chen_jie in 2024-09 (by his employer,
    Xiamen)."""
    Enterprise.objects.update(created_at=timezone.make_aware(datetime.datetime(2023, 1, 1)))
    Enterprise.objects.filter(pk=world.acme.pk).update(cqo_post_established=True)
    graduate(world, world.lin_fang, world.acme, passed=True)
    graduate(world, world.chen_jie, world.bolt, passed=False)
    acknowledge(world.acme, world.lin_fang, day(2024, 6, 1))
    Finding.objects.create(
        person=world.chen_jie,
        item=2,
        decided_on=day(2024, 9, 1),
        evidence=SimpleUploadedFile("e.pdf", PDF),
        recorded_by=world.users["province"],
    )
    return world
