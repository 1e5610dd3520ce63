from oa_desktop.domain.modifiers import modifier_meaning, modifier_text


def test_modifiers_have_words() -> None:
    assert modifier_text("HN") == "HN (bachelor's degree level)"
    assert modifier_meaning("ho") == "master's degree level"
    assert "state" in modifier_meaning("U5")
    assert modifier_meaning("95") == "CPT modifier"  # AMA text is not shipped
    assert modifier_text("ZZ") == "ZZ"
