"""Search snippets cut from an item's aliases read as a list, not as JSON."""

from corridor.store.pages import _alias_list


def test_a_snippet_of_the_aliases_reads_as_a_plain_list():
    marked = '["UEP \x01Wind\x02 Power", "\\u4e2d\\u56fd \\"new\\""]'
    assert _alias_list(marked) == 'UEP \x01Wind\x02 Power; 中国 "new"'
    assert _alias_list('…Wind", "UEP \x01Wind\x02 Farm…') == "…Wind; UEP \x01Wind\x02 Farm…"
    assert _alias_list("The \x01Gwadar\x02 Port") == "The \x01Gwadar\x02 Port"  # a name: as is
