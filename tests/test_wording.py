"""Several Chinese messages shown as one sentence."""

from gongkai.wording import join_messages


def test_messages_are_joined_without_a_full_stop_before_the_semicolon() -> None:
    assert (
        join_messages(["输入一个有效的日期。", "这个字段是必填项。"])
        == "输入一个有效的日期；这个字段是必填项。"
    )
    assert join_messages(["请填写姓名", "", "  "]) == "请填写姓名。"
    assert join_messages([]) == ""
