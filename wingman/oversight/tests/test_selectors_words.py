"""How a record is named in the access record's plain words."""

import pytest

from wingman.oversight.selectors import a_or_an


@pytest.mark.parametrize(
    ("noun", "words"),
    [
        ("assessment", "an assessment"),
        ("answer", "an answer"),
        ("offence", "an offence"),
        ("outcome", "an outcome"),
        ("hearing", "a hearing"),
        ("support plan", "a support plan"),
        ("document", "a document"),
        ("user", "a user"),
    ],
)
def test_a_record_is_named_with_the_article_a_reader_expects(noun, words):
    assert a_or_an(noun) == words
