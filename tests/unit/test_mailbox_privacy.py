"""What the public sees of a letter: names masked, personal data redacted."""

from interaction.mailbox.privacy import (
    blocking_findings,
    mask_name,
    mask_phone,
    personal_findings,
    redact,
)

VALID_ID = "420321198001011231"  # valid ISO 7064 MOD 11-2 check digit
VALID_CARD = "6222021234567890128"  # passes Luhn


def test_names_keep_only_their_first_character():
    assert mask_name("张三") == "张**"
    assert mask_name("欧阳建国") == "欧**"
    assert mask_name(" 李 ") == "李**"
    assert mask_name("") == "**"


def test_phone_numbers_keep_three_and_four_digits():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("123") == "****"


def test_redaction_masks_every_kind_of_personal_data():
    text = (
        f"我叫张三丰，手机13812345678，另一个号码139 2345 6789，身份证{VALID_ID}，"
        f"银行卡{VALID_CARD}，住厉山镇双河村3组12号，邮箱zhangsf@qq.com。"
    )
    result = redact(text, name="张三丰", phone="13812345678", email="zhangsf@qq.com")
    for secret in (
        "张三丰",
        "13812345678",
        "139 2345 6789",
        VALID_ID,
        VALID_CARD,
        "双河村3组12号",
        "zhangsf@qq.com",
    ):
        assert secret not in result
    assert "张**" in result
    assert "138****5678" in result
    assert "厉山镇" in result  # the township stays, the house goes
    assert personal_findings(result) == []


def test_redaction_leaves_public_numbers_alone():
    text = "请拨打县民政局电话0722-4300110，依据随政办发〔2014〕34号文件，补助5000元。"
    assert redact(text) == text


def test_other_email_addresses_are_masked_too():
    assert "someone@example.com" not in redact("请联系someone@example.com")


def test_secret_marks_still_block_after_redaction():
    findings = blocking_findings(redact("机密★1年 内部材料"))
    assert [f.rule for f in findings] == ["secret-mark"]
