"""The search normaliser: folding, canonical terms, query terms and the lexicon file."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.search.normalise import (
    MAX_CHARS,
    Lexicon,
    QueryTerm,
    default_lexicon,
    fold,
    lexicon_from_mapping,
    load_lexicon,
    query_terms,
    terms,
)

TERM = re.compile(r"[a-z0-9]+")

# Text as shoppers and importers produce it: letters in several scripts, digits, punctuation,
# NUL and other controls, bidi overrides and zero-width characters, emoji, accents, and the
# words of the lexicon so that its phrases meet each other.
_ODD = "\x00\x01\x1b\x7f\t\n\u200b\u200d\u202e\u2066\ufeff\u0301é ß İ ﬁ ＫＡ ① 😀 👍🏽 مرحبا שלום"
_WORDS = [
    "gula",
    "aren",
    "merah",
    "kripik",
    "coconut",
    "sugar",
    "palm",
    "tote",
    "bag",
    "oleh2",
    "cumi2",
    "t-shirt",
    "250gr",
    "NEAR",
    "OR",
    '"',
    "*",
    ":",
    "^",
    "(",
]
texts = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(_ODD + "abcKRIPIK-_!?'\"*:^()")),
    st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join),
)


@given(texts)
def test_fold_never_raises_and_leaves_only_ascii_words(text: str) -> None:
    folded = fold(text)
    assert folded == folded.strip()
    assert all(TERM.fullmatch(word) for word in folded.split(" ") if folded)
    assert fold(folded) == folded


@given(texts)
def test_every_term_is_a_plain_word(text: str) -> None:
    assert all(TERM.fullmatch(term) for term in terms(text))
    for query_term in query_terms(text, max_terms=100):
        assert TERM.fullmatch(query_term.term) and TERM.fullmatch(query_term.typed)


@given(texts)
def test_canonical_terms_are_fixed_points(text: str) -> None:
    canonical = terms(text)
    assert terms(" ".join(canonical)) == canonical


@given(texts, st.integers(min_value=0, max_value=10))
def test_query_terms_are_distinct_and_capped(text: str, max_terms: int) -> None:
    found = [query_term.term for query_term in query_terms(text, max_terms=max_terms)]
    assert len(found) == len(set(found)) <= max_terms
    assert found == list(dict.fromkeys(terms(text)))[:max_terms]


@settings(max_examples=20, deadline=None)
@given(st.text(min_size=10_000, max_size=10_000))
def test_ten_thousand_characters_are_read_up_to_the_cap(text: str) -> None:
    assert terms(text) == terms(text[:MAX_CHARS])


def test_long_input_costs_bounded_time() -> None:
    text = "😀kriiiipik pedas gula merah\x00 " * 2000
    started = time.perf_counter()
    query_terms(text)
    terms(text)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "text,folded",
    [
        ("gula-aren", "gula aren"),
        ("Gula_Aren!!", "gula aren"),
        ("  KRIIIPIK   pedas!! ", "kripik pedas"),
        ("batiiik", "batik"),
        ("Kopi Café Crème", "kopi cafe creme"),
        ("ＫＲＩＰＩＫ", "kripik"),
        ("gu\u200bla\x00 \u202earen\u202c", "gula aren"),
        ("gula\taren\nmerah", "gula aren merah"),
        ("100 1000", "100 1000"),
        ("saat maaf", "sat maf"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    "text", ["", "   ", "!!! ?? --", "😀👍🏽🎉", "\x00\x01\u202e\u200b", "مرحبا"]
)
def test_nothing_to_search(text: str) -> None:
    assert fold(text) == ""
    assert terms(text) == []
    assert query_terms(text) == []


def test_fold_refuses_nothing() -> None:
    assert fold(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "variant,canonical",
    [
        ("kripik", "keripik"),
        ("KRIIIPIK", "keripik"),
        ("krupuk", "kerupuk"),
        ("sambel", "sambal"),
        ("baso", "bakso"),
        ("ranginang", "rengginang"),
        ("renginang", "rengginang"),
        ("peyek", "rempeyek"),
        ("coklat", "cokelat"),
        ("kaus", "kaos"),
        ("sirop", "sirup"),
        ("kopie", "kopi"),
        ("tote bag", "totebag"),
        ("jilbab", "hijab"),
        ("kerudung", "hijab"),
        ("oleh2", "oleh-oleh"),
        ("ole-ole", "oleh oleh"),
        ("cemilan", "camilan"),
        ("jajanan", "camilan"),
        ("snack", "camilan"),
        ("coffee", "kopi"),
        ("tea", "teh"),
        ("cake", "kue"),
        ("bag", "tas"),
        ("chips", "keripik"),
        ("crackers", "kerupuk"),
        ("sugar", "gula"),
        ("honey", "madu"),
        ("spicy", "pedas"),
        ("hot", "pedas"),
        ("ginger", "jahe"),
        ("coconut", "kelapa"),
        ("t-shirt", "kaos"),
        ("tshirt", "kaos"),
        ("palm sugar", "gula aren"),
        ("250gr", "250 g"),
        ("1kg", "1 kg"),
    ],
)
def test_variants_synonyms_and_english_words_share_the_canonical_terms(
    variant: str, canonical: str
) -> None:
    assert terms(variant) == terms(canonical)


@pytest.mark.parametrize("text", ["gula merah", "gula jawa", "gula kelapa", "gula kawung"])
def test_names_of_palm_sugar_are_searched_as_gula_aren(text: str) -> None:
    assert terms(text) == terms("gula aren") == ["gula", "aren"]


def test_terms_keep_order_and_duplicates() -> None:
    assert terms("Kopi Susu Gula Aren Literan") == ["kopi", "susu", "gula", "aren", "literan"]
    assert terms("KRIIIPIK pedas!!") == ["keripik", "pedas"]
    assert terms("kripik keripik") == ["keripik", "keripik"]


def test_a_rewrite_that_meets_its_neighbour_is_rewritten_again() -> None:
    assert terms("gula coconut") == terms("gula aren")


@pytest.mark.parametrize(
    "text",
    [
        '"kopi aren"',
        "kopi*",
        "kopi NEAR aren",
        "kopi OR teh",
        "kopi AND teh",
        "name:kopi",
        "kopi's",
        "(kopi)",
        "-kopi",
        "^kopi",
        "kopi & !teh | aren <-> susu",
        "kopi%_\\",
        "kopi'; DROP TABLE product; --",
    ],
)
def test_search_syntax_leaves_only_plain_terms(text: str) -> None:
    found = terms(text)
    assert "kopi" in found
    assert all(TERM.fullmatch(term) for term in found)


def test_query_terms_carry_the_typed_word() -> None:
    assert query_terms("KRIIIPIK pedas kripik!!") == [
        QueryTerm("keripik", "kripik"),
        QueryTerm("pedas", "pedas"),
    ]
    assert query_terms("gula merah") == [QueryTerm("gula", "gula"), QueryTerm("aren", "merah")]
    assert query_terms("palm sugar") == [QueryTerm("gula", "sugar"), QueryTerm("aren", "palm")]
    assert query_terms("T-shirt") == [QueryTerm("kaos", "shirt")]
    assert query_terms("tote bag") == [QueryTerm("totebag", "tote")]
    assert query_terms("gul") == [QueryTerm("gul", "gul")]


def test_query_terms_are_capped() -> None:
    assert [t.term for t in query_terms("a b c d e f g h i j")] == list("abcdefgh")
    assert [t.term for t in query_terms("a b c", max_terms=2)] == ["a", "b"]
    assert query_terms("a b", max_terms=0) == []


def test_canonical_forms_of_the_shipped_lexicon_are_fixed_points() -> None:
    lexicon = default_lexicon()
    assert len(lexicon) > 200
    for phrase, canonical in lexicon.rules.items():
        assert all(TERM.fullmatch(word) for word in phrase + canonical)
        assert terms(" ".join(canonical)) == list(canonical)


def test_the_default_lexicon_is_loaded_once() -> None:
    assert default_lexicon() is default_lexicon()


# Lexicon files


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lexicon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_lexicon_may_be_written_naturally(tmp_path: Path) -> None:
    lexicon = load_lexicon(
        write(
            tmp_path,
            '[variants]\nKeripik = ["Kripik", "KERIPIK"]\n'
            '[synonyms]\n"Gula-Aren" = ["Gula Merah"]\n'
            '[english]\n"Palm Sugar!" = "gula aren"\n',
        )
    )
    assert terms("kripik, gula merah, palm sugar", lexicon=lexicon) == [
        "keripik",
        "gula",
        "aren",
        "gula",
        "aren",
    ]
    assert [t.term for t in query_terms("coffee", lexicon=lexicon)] == ["cofe"]


def test_a_passed_lexicon_replaces_the_default() -> None:
    lexicon = Lexicon({("kopi",): ("java",)})
    assert terms("kopi", lexicon=lexicon) == ["java"]
    assert terms("kopi") == ["kopi"]


@pytest.mark.parametrize(
    "data,message",
    [
        ({"variants": {"a": ["b"], "b": ["a"]}}, "cycle"),
        ({"variants": {"keripik": ["kripik"], "kripik": ["kripick"]}}, "itself listed"),
        ({"variants": {"sambal": ["sambel"]}, "english": {"chili": "sambel"}}, "itself listed"),
        ({"variants": {"x": ["y"], "z": ["y"]}}, "both"),
        ({"synonyms": {"camilan": ["cemilan"], "cemilan pedas": ["snack pedas"]}}, "rewritten"),
        ({"synonyms": {"ondel ondel": ["ondel"]}}, "rewritten"),
        ({"variants": {"kopi": ["!!!"]}}, "no letters"),
        ({"variants": {"kopi": "kopie"}}, "list of strings"),
        ({"english": {"coffee": ["kopi"]}}, "one string"),
        ({"varients": {}}, "unknown sections"),
    ],
)
def test_a_broken_lexicon_is_refused(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        lexicon_from_mapping(data)


def test_a_broken_lexicon_file_names_itself(tmp_path: Path) -> None:
    path = write(tmp_path, '[variants]\na = ["b"]\nb = ["a"]\n')
    with pytest.raises(ValueError, match=r"lexicon\.toml: cycle of forms: "):
        load_lexicon(path)
