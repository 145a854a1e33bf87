"""The citation verifier keeps supported sentences, re-points or drops the rest."""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore, TextNode

from assistant.verification import CitationVerifier

SOURCES = [
    NodeWithScore(
        node=TextNode(
            text="In relation to CS05-2023 Social Care Debt Recovery, the overall outstanding "
            "debt was £42.3m, with £7.9m secured. Mrs Hudson was elected Vice-Chair."
        )
    ),
    NodeWithScore(
        node=TextNode(text="The committee resolved to note the Internal Audit Progress Report.")
    ),
]


def verify(answer: str):
    return CitationVerifier(min_overlap=0.5).verify(answer, SOURCES)


def test_a_supported_sentence_is_kept_with_its_exact_quote():
    result = verify("The overall outstanding debt was £42.3m, with £7.9m secured [1].")
    [kept] = result.kept
    assert kept.sources == (1,)
    assert kept.quotes[0] in SOURCES[0].node.get_content()
    assert result.removed == []


def test_a_wrong_number_is_dropped_and_recorded():
    result = verify("The overall outstanding debt was £52.3m [1].")
    assert result.kept == []
    assert result.removed == ["The overall outstanding debt was £52.3m (not supported by [1])"]


def test_a_fabricated_quotation_is_dropped():
    result = verify('The committee said "debt recovery is fully resolved and closed" [2].')
    assert result.kept == []
    assert len(result.removed) == 1


def test_a_name_missing_from_the_source_is_dropped():
    result = verify("Mrs Binks was elected Vice-Chair [1].")
    assert result.kept == []


def test_a_sentence_citing_the_wrong_source_is_re_pointed():
    result = verify("The committee resolved to note the Internal Audit Progress Report [1].")
    [kept] = result.kept
    assert kept.sources == (2,)


def test_uncited_or_out_of_range_sentences_are_re_pointed_when_a_source_supports_them():
    result = verify("The debt was £42.3m. The overall outstanding debt was £42.3m [7].")
    assert [k.sources for k in result.kept] == [(1,), (1,)]


def test_an_uncited_unsupported_sentence_is_removed_as_uncited():
    result = verify("The weather in Maidstone was sunny all week.")
    assert result.kept == []
    assert result.removed == ["The weather in Maidstone was sunny all week. (no citation)"]


def test_decimal_amounts_do_not_split_sentences():
    result = verify(
        "Debt was £42.3m with £7.9m secured [1]. Mrs Hudson was elected Vice-Chair [1]."
    )
    assert [k.text for k in result.kept] == [
        "Debt was £42.3m with £7.9m secured",
        "Mrs Hudson was elected Vice-Chair",
    ]


def test_a_repeated_sentence_is_kept_once():
    sentence = "The overall outstanding debt was £42.3m, with £7.9m secured [1]. "
    result = verify(sentence * 3)
    assert len(result.kept) == 1
    assert len(result.removed) == 2
    assert all(r.endswith("(repeats an earlier sentence)") for r in result.removed)


def test_a_fragment_too_short_to_check_is_dropped():
    result = verify("The committee resolved to note the report [2]. This will include [2].")
    assert [k.text for k in result.kept] == ["The committee resolved to note the report"]
    assert result.removed == ["This will include (says nothing that can be checked)"]


def test_a_unit_inside_a_word_is_no_amount():
    """ "40mph" holds the number 40, not £40m: it cannot back a sum of money, while "£5
    million" and "£5m" are the same amount."""
    sources = [
        NodeWithScore(
            node=TextNode(
                text="Officers proposed that the road be reduced from 40mph to 30mph. "
                "The scheme will cost £5 million over two years."
            )
        )
    ]
    verifier = CitationVerifier(min_overlap=0.5)
    money = verifier.verify("Officers proposed that the road be reduced by 40m [1].", sources)
    assert money.kept == []
    same = verifier.verify("The scheme will cost £5m over two years [1].", sources)
    assert [k.sources for k in same.kept] == [(1,)]


def test_a_header_line_naming_someone_is_a_quote_it_can_check():
    """The answerer quotes "By: James Flannery..." for who wrote a report, though it is no
    sentence; the verifier finds it in the source as it finds sentences."""
    source = NodeWithScore(
        node=TextNode(text="By: James Flannery – Counter Fraud Manager\nThe update follows.")
    )
    result = CitationVerifier(min_overlap=0.5).verify(
        "By: James Flannery – Counter Fraud Manager [1]", [source]
    )
    [kept] = result.kept
    assert kept.quotes == ("By: James Flannery – Counter Fraud Manager",)
