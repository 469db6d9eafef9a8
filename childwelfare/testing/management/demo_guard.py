"""The demo commands (seed_demo, demo_logins) write or print the demo accounts and their shared
password: they refuse to run on a production system (DEBUG off) unless asked explicitly with
--allow-production (issue 13). `make run` sets DJANGO_DEBUG=1."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError


def add_allow_production(parser) -> None:
    parser.add_argument(
        "--allow-production",
        action="store_true",
        help="在关闭调试模式（生产环境）时仍然运行。Run even though DEBUG is off.",
    )


def refuse_in_production(options: dict) -> None:
    """Raises CommandError unless settings.DEBUG is on or --allow-production was given."""
    if not (settings.DEBUG or options.get("allow_production")):
        raise CommandError(
            "演示命令只能在开发环境（DJANGO_DEBUG=1）运行：它使用公开的演示密码。"
            "确需在生产环境运行时请加 --allow-production。"
        )
