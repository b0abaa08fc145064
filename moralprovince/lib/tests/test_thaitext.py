from moralprovince.lib.thaitext import MAX_QUERY_LENGTH, normalise, search_terms


def test_it_splits_thai_text_without_spaces_into_words():
    assert search_terms("โรงเรียนสุราษฎร์ธานี") == ["โรงเรียน", "สุราษฎร์ธานี"]


def test_it_folds_case_punctuation_and_thai_digits():
    assert normalise("  School,  ๒๕๖๔!! ") == "school 2564"


def test_a_query_of_spaces_or_punctuation_has_no_terms():
    assert search_terms("   ") == []
    assert search_terms("!!! ??? ...") == []


def test_a_very_long_query_is_cut_short():
    terms = search_terms("ก" * 5000)
    assert sum(len(t) for t in terms) <= MAX_QUERY_LENGTH
