"""Each user's follow-ups as a private iCalendar feed at a revocable address."""

import datetime as dt

import pytest
from django.urls import reverse

from core.calendar_feed import AllDayEvent, calendar_token_issue, fold, ical_calendar
from core.models import CalendarToken
from partnerships.models import Interaction
from portal.demo.factories import CityRoleFactory, ContactFactory, StakeholderFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 4)


@pytest.fixture
def follow_ups(account_manager, milan, sofia):
    enel = StakeholderFactory(name="ENEL S.p.A.", city=milan, account_manager=account_manager)
    contact = ContactFactory(
        stakeholder=enel, email="lucia.ferri@enel.example", phone="+39 02 1234"
    )
    mine = Interaction.objects.create(
        stakeholder=enel,
        contact=contact,
        kind="call",
        date=TODAY,
        owner=account_manager,
        follow_up_date=TODAY + dt.timedelta(days=3),
        follow_up_action="Inviare la bozza di convenzione, firmata; poi richiamare",
    )
    other_manager = CityRoleFactory(city=sofia, role="account_manager").user
    theirs = Interaction.objects.create(
        stakeholder=StakeholderFactory(
            name="Sofia Tech", city=sofia, account_manager=other_manager
        ),
        kind="call",
        date=TODAY,
        owner=other_manager,
        follow_up_date=TODAY,
        follow_up_action="Someone else's task",
    )
    return mine, theirs


@pytest.fixture(autouse=True)
def _site_host(settings):
    settings.ALLOWED_HOSTS = ["c4c.example", "testserver"]


def feed(client, token):
    return client.get(reverse("follow-up-calendar", args=[token]), HTTP_HOST="c4c.example")


def test_the_feed_lists_the_users_own_follow_ups_as_all_day_events(
    client, account_manager, follow_ups
):
    mine, _theirs = follow_ups
    token = calendar_token_issue(user=account_manager)

    response = feed(client, token)

    text = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    unfolded = text.replace("\r\n ", "")
    assert f"UID:follow-up-{mine.pk}@c4c.example\r\n" in unfolded
    assert "DTSTART;VALUE=DATE:20261207\r\n" in unfolded
    assert "DTSTAMP:" in unfolded
    assert (
        "SUMMARY:ENEL S.p.A.: Inviare la bozza di convenzione\\, firmata\\; poi richiamare\r\n"
        in unfolded
    )
    assert f"URL:http://c4c.example/workspace/stakeholders/{mine.stakeholder_id}/\r\n" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 1


def test_the_feed_has_no_other_users_data_and_no_contact_details(
    client, account_manager, follow_ups
):
    token = calendar_token_issue(user=account_manager)

    text = feed(client, token).content.decode().replace("\r\n ", "")

    assert "Sofia Tech" not in text and "Someone else" not in text
    assert "lucia.ferri" not in text and "1234" not in text


def test_lines_are_crlf_and_folded_at_75_octets(client, account_manager, follow_ups):
    mine, _theirs = follow_ups
    mine.follow_up_action = "Verificare la disponibilità è già confermata " * 4
    mine.save()
    token = calendar_token_issue(user=account_manager)

    raw = feed(client, token).content

    lines = raw.split(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)
    raw.decode()  # no UTF-8 character was cut by a fold


def test_fold_never_cuts_a_utf8_character():
    line = "SUMMARY:" + "è" * 80

    folded = fold(line)

    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_ical_calendar_writes_an_end_date_the_day_after():
    text = ical_calendar(
        name="x",
        events=[AllDayEvent(uid="a@b", date=dt.date(2026, 12, 31), summary="s", url="http://x/")],
        now=dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC),
        product="CITIES4CSR",
    )

    assert "DTEND;VALUE=DATE:20270101\r\n" in text
    assert "DTSTAMP:20261204T150000Z\r\n" in text


def test_a_new_address_revokes_the_old_one_and_only_a_hash_is_stored(
    client, account_manager, follow_ups
):
    old = calendar_token_issue(user=account_manager)
    new = calendar_token_issue(user=account_manager)

    assert feed(client, old).status_code == 404
    assert feed(client, new).status_code == 200
    stored = CalendarToken.objects.get(user=account_manager).token_hash
    assert new not in stored and len(stored) == 64


def test_the_workspace_issues_shows_once_and_revokes_the_address(
    client, account_manager, follow_ups
):
    client.force_login(account_manager)

    issued = client.post("/workspace/account/calendar/", {"action": "issue"})
    url = issued.context["calendar_url"]
    assert url in issued.content.decode()
    assert client.get(url).status_code == 200
    assert url not in client.get("/workspace/account/").content.decode()

    client.post("/workspace/account/calendar/", {"action": "revoke"})

    assert client.get(url).status_code == 404


def test_an_unknown_address_is_not_found(client, db):
    assert feed(client, "not-a-token").status_code == 404


@pytest.mark.two_factor
def test_issuing_the_address_needs_the_second_factor(client, account_manager):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=account_manager, name="phone", confirmed=True)
    client.force_login(account_manager)

    response = client.post("/workspace/account/calendar/", {"action": "issue"})

    assert response["Location"].startswith("/two-factor/verify/")
    assert not CalendarToken.objects.exists()
