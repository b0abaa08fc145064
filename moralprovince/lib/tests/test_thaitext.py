from moralprovince.lib.thaitext import (
    MAX_QUERY_LENGTH,
    html_text,
    normalise,
    one_line,
    search_terms,
)


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


def test_the_edges_of_paragraphs_list_items_and_lines_separate_words():
    html = "<p>ข่าวหนึ่ง zuluone</p><p>yankeetwo</p><ul><li>alpha</li><li>bravo</li></ul>x<br>y"
    assert html_text(html).split() == ["ข่าวหนึ่ง", "zuluone", "yankeetwo", "alpha", "bravo", "x", "y"]


def test_inline_markup_joins_what_it_touches_and_hidden_content_is_dropped():
    assert html_text("<p>คุณ<b>ธรรม</b> a&amp;b<script>alert(1)</script></p>") == "คุณธรรม a&b"


def test_each_block_is_a_line_and_one_line_joins_them():
    text = html_text("<h2>หัวข้อ</h2><p>หนึ่ง</p>\n\n<p> สอง  สาม </p>")
    assert text == "หัวข้อ\nหนึ่ง\nสอง สาม"
    assert one_line(text) == "หัวข้อ หนึ่ง สอง สาม"


def test_the_sort_key_puts_names_in_thai_dictionary_order_in_plain_hex():
    from pythainlp.util import collate

    from moralprovince.lib.thaitext import sort_key

    names = ["ไก่", "กา", "เกม", "ขนม", "โรงเรียน", "วัด", "ก่อน", "กอน", "แม่", "มา", "กาก"]
    names += ["เก่ง", "เกง", "ฤๅษี", "ฤดู", "ใจ", "ไจ", "สุราษฎร์ธานี", "สุรินทร์"]
    assert sorted(names, key=sort_key) == collate(names)
    assert set("".join(sort_key(n) for n in names)) <= set("0123456789abcdef")
    assert sort_key("โรงเรียน ๑") == sort_key("โรงเรียน 1")


def test_the_compiled_word_splitter_gives_the_same_words_as_pythainlps_newmm():
    from pythainlp.tokenize import word_tokenize

    from moralprovince.lib import thaitext

    assert thaitext.ENGINE == "nlpo3"
    texts = [
        "จังหวัดสุราษฎร์ธานีประกาศเจตนารมณ์ขับเคลื่อนจังหวัดคุณธรรม",
        "เครือข่ายการสื่อสารร่วมกับมหาวิทยาลัยราชภัฏสุราษฎร์ธานีถอดบทเรียนองค์กรต้นแบบ",
        "พอเพียง วินัย สุจริต จิตอาสา กตัญญู ๒๕๖๔",
    ]
    for text in texts:
        newmm = [
            t
            for chunk in thaitext.normalise(text).split()
            for t in word_tokenize(chunk, engine="newmm", keep_whitespace=False)
            if t.strip()
        ]
        assert thaitext.split_words(text) == newmm
