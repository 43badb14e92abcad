"""`manage.py seed_demo`: load the deterministic demo data set (safe to run again) and print the demo logins."""

from django.core.management.base import BaseCommand

from cqo_portal.demo import DEMO_PASSWORD, demo_seed
from training.certificates.signing import signing_key


class Command(BaseCommand):
    help = "创建确定性的演示数据（可重复运行，不会重复创建），并列出各角色的演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=40, help="演示企业数量（默认 40）")
        parser.add_argument("--seed", type=int, default=2014, help="随机种子（默认 2014）")

    def handle(self, *args, enterprises, seed, **options):
        logins = demo_seed(enterprises=enterprises, seed=seed)
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in logins:
            self.stdout.write(f"  {login.username:<18} {login.role:<12} {login.organisation}")
        if signing_key() is None:
            self.stdout.write("未配置证书签名密钥（CERTIFICATE_SIGNING_KEY_FILE，见 README），演示结业证书未颁发。")
