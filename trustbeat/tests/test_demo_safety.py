"""The demo's published logins never reach a served site."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_DOMAIN
from accounts.models import Role, User
from conftest import create_user


def test_it_refuses_to_load_the_demo_with_debug_off(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo")
    assert not User.objects.exists()


def deploy_errors() -> list[str]:
    return [m.id for m in run_checks(include_deployment_checks=True) if m.id]


def test_the_deploy_check_fails_while_demo_accounts_exist(db):
    create_user(Role.ADMIN, email=f"admin@{DEMO_DOMAIN}")
    assert "accounts.E001" in deploy_errors()


def test_the_deploy_check_passes_without_demo_accounts(db):
    create_user(Role.ADMIN, email="ada@example.org")
    assert "accounts.E001" not in deploy_errors()
