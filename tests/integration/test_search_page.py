import pytest


@pytest.mark.parametrize(
    ("query", "message"), [("a\x00b", "无效字符"), ("长" * 101, "不能超过 100 个字")]
)
def test_bad_search_input_answers_400_in_chinese(demo_db, client, query, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert message in response.content.decode()
