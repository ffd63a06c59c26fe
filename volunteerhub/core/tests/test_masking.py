from volunteerhub.core.masking import mask_name, mask_name_in_text


def test_a_full_name_in_free_text_is_masked_as_the_name_beside_it_is():
    masked = mask_name_in_text("罗秀玲同志常年坚持义诊，罗秀玲说：服务群众是本分。", "罗秀玲")

    assert masked == "罗*玲同志常年坚持义诊，罗*玲说：服务群众是本分。"
    assert mask_name("罗秀玲") in masked


def test_a_recorded_given_name_hides_what_the_masked_name_hides():
    masked = mask_name_in_text("秀玲说：罗秀玲就是我。", "罗秀玲", other_names=["秀玲"])

    assert masked == "*玲说：罗*玲就是我。" and "秀" not in masked


def test_other_names_a_person_goes_by_are_masked_and_the_longest_form_first():
    assert mask_name_in_text("小罗和玲姐是同一个人：罗秀玲", "罗秀玲", other_names=["玲姐", "", "罗"]) == \
        "小罗和玲*是同一个人：罗*玲"
    assert mask_name_in_text("欧阳修文服务满一千小时", "欧阳修文", other_names=["欧阳"]) == "欧**文服务满一千小时"


def test_the_bare_given_name_is_not_guessed_at_being_too_often_a_common_word():
    assert mask_name_in_text("王健康关心群众健康", "王健康") == "王*康关心群众健康"
    assert mask_name_in_text("李明、明天见", "李明") == "李*、明天见"
    assert mask_name_in_text("", "李明") == "" and mask_name_in_text("无人", "") == "无人"
