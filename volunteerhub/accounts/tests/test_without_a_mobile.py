"""Accounts of people registered on their behalf who have no mobile of their own yet: no login, any number of
them side by side, and nothing signs in to them."""

from django.db import connection

from volunteerhub.accounts.models import Role, User
from volunteerhub.conftest import PASSWORD, next_phone


def test_any_number_of_accounts_stand_without_a_mobile_and_none_is_found_by_an_empty_one(db):
    first = User.objects.create_user("", None, role=Role.VOLUNTEER)
    second = User.objects.create_user("", None, role=Role.VOLUNTEER)

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM accounts_user WHERE phone IS NULL")
        assert cursor.fetchone()[0] == 2
    assert first.phone == second.phone == "" and not first.has_login
    assert not User.objects.filter(phone="").exists()
    assert str(User.objects.get(pk=first.pk)).endswith("（无手机号）")


def test_a_mobile_is_still_one_login(db):
    phone = next_phone()
    User.objects.create_user(phone, PASSWORD)

    assert User.objects.get(phone=phone).has_login
    assert User._meta.get_field("phone").unique


def test_no_sign_in_reaches_an_account_without_a_mobile(client, anon, db):
    User.objects.create_user("", None, role=Role.VOLUNTEER)
    User.objects.create_user("", None, role=Role.VOLUNTEER)

    page = client.post("/accounts/login/", {"username": "", "password": ""})
    api = anon.post("/api/v1/auth/token", {"phone": "", "password": "anything-1"})
    admin = client.post("/admin/login/", {"username": "", "password": "anything-1"})

    assert page.status_code == 200 and "_auth_user_id" not in client.session
    assert api.status_code == 401
    assert admin.status_code == 200 and "_auth_user_id" not in client.session


def test_the_sign_in_page_leads_to_claiming_an_account(client, db):
    assert 'href="/register/claim/"' in client.get("/accounts/login/").content.decode()
