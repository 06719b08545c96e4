import pytest


def test_smoke(api):
    token = api.token("a")
    r = api.call("GET", "/api/v1/units/", token=token)
    print(r.data_json)
    assert r.status_code == 200
