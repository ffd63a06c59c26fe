def test_it_reports_ok_and_the_database_in_use(anon, db):
    from django.db import connection

    response = anon.get("/api/v1/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "postgresql" if connection.vendor == "postgresql" else "sqlite"}
