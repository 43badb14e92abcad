"""Duplicate identifiers of training rows are refused in plain Chinese that names the field (issue 9, finding 5)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registry.validators import make_credit_code
from training.models import Certificate, Institution

pytestmark = pytest.mark.django_db


def _errors(obj) -> dict:
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    return error.value.message_dict


def test_duplicate_institution_name_and_credit_code(world):
    code = make_credit_code("52350100AB0000001")
    world.academy.credit_code = code
    world.academy.save()
    errors = _errors(Institution(name=world.academy.name, credit_code=code))
    assert errors["name"] == ["该机构名称已登记。"]
    assert errors["credit_code"] == ["该统一社会信用代码已登记。"]


def test_duplicate_certificate_number(world):
    first = Certificate.objects.create(
        number="FJCQO-2025-0001", person=world.lin_fang, institution=world.academy, issued_on=datetime.date(2025, 5, 1)
    )
    again = Certificate(
        number=first.number, person=world.chen_jie, institution=world.academy, issued_on=datetime.date(2025, 5, 1)
    )
    assert _errors(again)["number"] == ["该证书编号已登记。"]
