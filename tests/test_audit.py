import json
import logging

import pytest

from core.audit import audit
from core.logformat import RedactingJsonFormatter
from portal.demo.factories import UserFactory


@pytest.fixture
def audit_lines(caplog):
    caplog.set_level(logging.INFO, logger="core.audit")
    formatter = RedactingJsonFormatter()

    def lines() -> list[dict]:
        return [
            json.loads(formatter.format(record))
            for record in caplog.records
            if record.name == "core.audit"
        ]

    return lines


def test_audit_line_is_json_with_user_and_city(audit_lines, db, milan):
    user = UserFactory(username="anna")

    audit("export", user=user, city=milan, rows=12)

    [line] = audit_lines()
    assert line["event"] == "export"
    assert line["username"] == "anna" and line["city"] == "milano"
    assert line["details"] == {"rows": 12}


def test_contact_emails_phones_and_secrets_never_reach_the_log(audit_lines):
    audit("erasure", note="wrote to mario.rossi@example.org, +39 02 1234 5678", token="abc123")

    [line] = audit_lines()
    text = json.dumps(line)
    assert "mario.rossi@example.org" not in text and "1234 5678" not in text
    assert "abc123" not in text
    assert line["details"]["note"] == "wrote to [e-mail], [phone]"


def test_dates_and_addresses_are_not_mistaken_for_phones(audit_lines):
    audit("import", note="rows of 2026-11-25 from 127.0.0.1, 100 rows")

    [line] = audit_lines()
    assert line["details"]["note"] == "rows of 2026-11-25 from 127.0.0.1, 100 rows"


def test_failed_sign_in_is_logged_without_the_password(audit_lines, client, db):
    UserFactory(username="anna")

    client.post("/admin/login/", {"username": "anna", "password": "wrong-password-123"})

    failures = [line for line in audit_lines() if line["event"] == "sign-in failed"]
    assert failures and failures[0]["details"]["attempted_username"] == "anna"
    assert "wrong-password-123" not in json.dumps(failures)


def test_sign_in_is_logged(audit_lines, client, db):
    UserFactory(username="anna", password="correct-horse-battery-staple")

    client.post("/admin/login/", {"username": "anna", "password": "correct-horse-battery-staple"})

    assert [line["username"] for line in audit_lines() if line["event"] == "sign-in"] == ["anna"]
