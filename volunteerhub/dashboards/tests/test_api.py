

def test_an_implausible_plan_year_is_a_400_naming_it(api_as, city_admin):
    response = api_as(city_admin).get("/api/v1/stats/plan", {"year": -949})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["year"]
