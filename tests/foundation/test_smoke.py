from django.urls import reverse


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_home_for_manager(manager_client):
    response = manager_client.get(reverse("home"))
    assert response.status_code == 200
    assert "Partnerschafts-CRM" in response.content.decode()
