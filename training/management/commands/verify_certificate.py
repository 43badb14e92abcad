"""`manage.py verify_certificate TOKEN_OR_URL` (CONTRACT §7): check the signed facts of a certificate's QR code
against the bureau's public keys, with no database. Exit 0 and the facts as JSON, or exit 1 and the reason."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from training.certificates import signing


def _keys(source: str):
    """A published key set (/verify/keys.json) from a file or an address; None: this installation's own keys."""
    if not source:
        return None
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=10) as response:  # noqa: S310 (an address the user gave)
                data = json.load(response)
        else:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        return signing.keys_from_jwks(data)
    except (OSError, ValueError, KeyError, signing.InvalidToken) as error:
        raise CommandError(f"--keys {source}: 无法读取公钥集（{error}）。") from None


class Command(BaseCommand):
    help = "离线核验证书二维码中的电子签名（不连接数据库）：有效时输出证书信息 JSON，无效时退出码 1 并说明原因。"
    requires_system_checks: list = []  # no check may touch the database: this runs where there is none

    def add_arguments(self, parser):
        parser.add_argument("token", help="二维码中的签名数据，或二维码的查验网址")
        parser.add_argument(
            "--keys", default="", help="省局公布的公钥集 keys.json（文件或网址）；默认用本平台配置的公钥"
        )

    def handle(self, *args, token: str, keys: str, **options):
        try:
            signed = signing.verify(token, _keys(keys))
        except signing.InvalidToken as error:
            self.stderr.write(f"签名无效：{error}")
            raise SystemExit(1) from None
        self.stdout.write(
            json.dumps({"signature": "valid", "kid": signed.kid, **signed.facts.as_json()}, ensure_ascii=False)
        )
