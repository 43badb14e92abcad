"""Writes of enterprises: registering, editing the profile, the city bureau confirming the size."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import City, Enterprise, EnterpriseSize
from ..notify import notify
from ..permissions import require
from ..signals import enterprise_changed
from .reevaluation import appointment_reevaluate_enterprise
from .write import history_created, save

ENTERPRISE_PROFILE_FIELDS = (  # in the order the profile form shows them
    "name",
    "address",
    "legal_representative",
    "industry_section",
    "industry_division",
    "employees",
    "revenue",
    "total_assets",
    "declared_size",
    "cqo_post_established",
    "cqo_empowered",
)
ENTERPRISE_PROVINCE_FIELDS = frozenset({"credit_code", "city"})


def _recompute_size(enterprise: Enterprise) -> None:
    enterprise.size = enterprise.size_result().size


@transaction.atomic
def enterprise_register(
    *,
    actor,
    credit_code: str,
    name: str,
    city: City,
    industry_section: str,
    industry_division: str = "",
    employees: int | None = None,
    revenue: Decimal | None = None,
    total_assets: Decimal | None = None,
    address: str = "",
    legal_representative: str = "",
    declared_size: str = "",
    cqo_post_established: bool = False,
    cqo_empowered: bool = False,
) -> Enterprise:
    """Register an enterprise. Provincial staff anywhere, city staff in their own reporting unit; actor None is the system."""
    require(actor, "enterprise.create", city)
    enterprise = Enterprise(
        credit_code=credit_code,
        name=name,
        city=city,
        industry_section=industry_section,
        industry_division=industry_division,
        employees=employees,
        revenue=revenue,
        total_assets=total_assets,
        address=address,
        legal_representative=legal_representative,
        declared_size=declared_size,
        cqo_post_established=cqo_post_established,
        cqo_empowered=cqo_empowered,
    )
    _recompute_size(enterprise)
    save(enterprise, actor)
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, actor, **fields) -> Enterprise:
    """Change profile fields; the computed size follows, and a changed declared size needs confirming again."""
    unknown = set(fields) - set(ENTERPRISE_PROFILE_FIELDS) - ENTERPRISE_PROVINCE_FIELDS
    if unknown:
        raise TypeError(f"enterprise_update() cannot set {sorted(unknown)}")
    require(actor, "enterprise.edit", enterprise)
    if any(getattr(enterprise, f) != fields[f] for f in ENTERPRISE_PROVINCE_FIELDS & set(fields)):
        require(actor, "enterprise.change_registration", enterprise)
    changed = [name for name, value in fields.items() if getattr(enterprise, name) != value]
    if not changed:
        return enterprise
    for name in changed:
        setattr(enterprise, name, fields[name])
    if "declared_size" in changed and enterprise.size_confirmed_by_city:
        enterprise.size_confirmed_by_city = False
        changed.append("size_confirmed_by_city")
    _recompute_size(enterprise)
    save(enterprise, actor, update_fields=[*changed, "size", "updated_at"])
    appointment_reevaluate_enterprise(enterprise=enterprise, actor=actor, event="（企业信息变更后重新核验）")
    enterprise_changed.send(sender=Enterprise, enterprise=enterprise)
    return enterprise


@transaction.atomic
def enterprise_confirm_size(*, enterprise: Enterprise, actor, declared_size: str) -> Enterprise:
    """The city bureau (or the province) confirms the enterprise's size, which then wins over the computed one."""
    require(actor, "enterprise.confirm_size", enterprise)
    if declared_size not in (EnterpriseSize.LARGE, EnterpriseSize.MEDIUM, EnterpriseSize.SMALL, EnterpriseSize.MICRO):
        raise ValidationError({"declared_size": "请选择大型、中型、小型或微型之一作为确认的企业规模。"})
    enterprise.declared_size = declared_size
    enterprise.size_confirmed_by_city = True
    save(enterprise, actor, update_fields=["declared_size", "size_confirmed_by_city", "updated_at"])
    appointment_reevaluate_enterprise(enterprise=enterprise, actor=actor, event="（企业规模经设区市局确认后重新核验）")
    enterprise_changed.send(sender=Enterprise, enterprise=enterprise)
    return enterprise


@transaction.atomic
def enterprise_confirm_record(*, enterprise: Enterprise, actor, **fields) -> Enterprise:
    """The city bureau checks an enterprise a graduate import created (pending_city_check): it completes the
    profile, the industry section then required like any other, and confirms the record, which clears the flag."""
    require(actor, "enterprise.confirm_record", enterprise)
    if not enterprise.pending_city_check:
        raise ValidationError("该企业已核实，无需再次核实。")
    unknown = set(fields) - set(ENTERPRISE_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"enterprise_confirm_record() cannot set {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(enterprise, name) != value]
    for name in changed:
        setattr(enterprise, name, fields[name])
    enterprise.pending_city_check = False
    if not enterprise.industry_section:
        raise ValidationError({"industry_section": "核实企业时请选择行业门类。"})
    if "declared_size" in changed and enterprise.size_confirmed_by_city:
        enterprise.size_confirmed_by_city = False
        changed.append("size_confirmed_by_city")
    _recompute_size(enterprise)
    save(enterprise, actor, update_fields=[*changed, "pending_city_check", "size", "updated_at"])
    appointment_reevaluate_enterprise(enterprise=enterprise, actor=actor, event="（设区市局核实企业信息后重新核验）")
    enterprise_changed.send(sender=Enterprise, enterprise=enterprise)
    return enterprise


def enterprises_pending_notify(*, enterprise_ids) -> None:
    """Tell each city bureau, once the caller's transaction commits, how many enterprises a graduate import
    created in its unit that wait for its check (the list filtered to them is its to-do)."""
    per_city: dict[int, int] = {}
    for city_id in Enterprise.objects.filter(pk__in=list(enterprise_ids), pending_city_check=True).values_list(
        "city_id", flat=True
    ):
        per_city[city_id] = per_city.get(city_id, 0) + 1
    for city in City.objects.filter(pk__in=per_city).order_by("pk"):
        notify(
            text=f"培训机构导入结业学员时新建了{per_city[city.pk]}家本地企业，请核实并完善企业信息。",
            link_name="registry:enterprise-list",
            link_query="pending_city_check=1",
            city=city,
        )


def enterprises_bulk_register_pending(*, rows: list[dict], actor) -> dict[str, int]:
    """Create, in one insert (and one of their history), the enterprises a training institution's graduate file
    names by a credit code not yet on file: `code` (checked, normalised), `name` as the file writes it, `city` (id,
    read from the code's administrative division). Each waits for its city bureau's check (pending_city_check),
    which completes the profile. The caller (the graduate import, policy "graduate.import") decides who may;
    enterprise.create is the bureaux' own registering, not this. Returns {credit code: enterprise id}."""
    if not rows:
        return {}
    enterprises = [
        Enterprise(credit_code=row["code"], name=row["name"], city_id=row["city"], pending_city_check=True)
        for row in rows
    ]
    created = Enterprise.objects.bulk_create(enterprises, batch_size=len(enterprises))
    history_created(Enterprise, [obj.pk for obj in created], actor)
    enterprises_pending_notify(enterprise_ids=[enterprise.pk for enterprise in created])
    return {enterprise.credit_code: enterprise.pk for enterprise in created}
