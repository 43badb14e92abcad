"""Rebuild the talent pool (人才库) from certificates and appointments: `manage.py refresh_pool` (nightly)."""

from django.core.management.base import BaseCommand

from pool.services import pool_rebuild


class Command(BaseCommand):
    help = "重建人才库：按结业证书和现任已备案聘任重新确定入库人员，并按今日重新核验任职资格。"

    def handle(self, *args, **options):
        members = pool_rebuild()
        self.stdout.write(self.style.SUCCESS(f"人才库已重建：共 {members} 人。"))
