"""The cookie notice: a page in both languages, linked from every page's footer."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "statement"),
    [
        ("it", "Informativa sui cookie", "solo cookie tecnici"),
        ("en", "Cookie notice", "technical cookies only"),
    ],
)
def test_the_cookie_notice_lists_only_technical_cookies_in_both_languages(
    client, language, heading, statement
):
    response = client.get(f"/{language}/cookies/")

    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    assert statement in html
    for cookie in ("csrftoken", "sessionid", "django_language"):
        assert f"<code>{cookie}</code>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_every_page_footer_links_privacy_accessibility_and_cookies(client, milan, language):
    html = client.get(f"/{language}/").content.decode()

    assert f'href="/{language}/cookies/"' in html
    assert f'href="/{language}/privacy/"' in html
    assert f'href="/{language}/accessibility/"' in html
