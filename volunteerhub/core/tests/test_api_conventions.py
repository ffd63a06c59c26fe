import re


def test_the_openapi_document_describes_the_foundation_endpoints(anon, db):
    doc = anon.get("/api/v1/openapi.json").json()

    for path in ["/api/v1/health", "/api/v1/regions/{code}", "/api/v1/regions", "/api/v1/volunteers",
                 "/api/v1/me", "/api/v1/auth/token"]:
        assert path in doc["paths"], path
    assert "Bearer" in str(doc["components"]["securitySchemes"])


def test_the_interactive_docs_load_nothing_from_a_cdn(anon, db):
    html = anon.get("/api/v1/docs").content.decode()

    external = [u for u in re.findall(r'(?:src|href)="([^"]+)"', html) if u.startswith(("http:", "https:", "//"))]
    assert external == []
    assert "/static/ninja/swagger-ui-bundle.js" in html


def test_errors_are_json_with_code_message_and_fields_in_chinese_by_default(anon, db):
    response = anon.post("/api/v1/volunteers", {"name": "张三"})

    body = response.json()
    assert response.status_code == 400
    assert body["code"] == "validation_error"
    assert set(body) == {"code", "message", "fields"}
    assert body["fields"]["id_number"] == ["必填"]
    assert "输入有误" in body["message"]


def test_errors_speak_english_when_asked(db):
    from volunteerhub.conftest import ApiClient

    body = ApiClient(language="en").get("/api/v1/regions/000000").json()

    assert body == {"code": "not_found", "message": "No region with code 000000", "fields": {}}


def test_a_missing_token_is_a_401_json_error(anon, db):
    response = anon.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer not-a-token")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_malformed_json_is_a_400_not_a_500(anon, db):
    response = anon.client.post("/api/v1/volunteers", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
