def test_health_answers_json(client):
    response = client.get("/api/v1/health")

    assert response.json() == {"status": "ok"}
