"""The partner registry claims only what its sources say: every pre-filled answer is checked
against the words of its cited source, kept here as read from the source texts (the brief and
the register of sources), together with the option label the answer shows, which must not
claim more than those words."""

from __future__ import annotations

from pathlib import Path

import pytest

from webapp.engine.describe import answer_text

#: (source key, question, answer) -> (words of the source that state it, the label it shows)
CLAIMS = {
    ("brief-table", "vendor_home", "china"):
        ("Examples of Large Chinese Digi-Tech Companies", "China"),
    ("brief-not-state-owned", "vendor_ownership", "private"):
        ("None of these are state-owned", "Privately owned (not state-owned)"),
    ("intelligence-law", "home_law_compels", "yes"):
        ("all organisations and citizens shall support, assist and cooperate with national "
         "intelligence work", "Yes"),
    ("us-huawei", "vendor_on_restricted_lists", ("entity_list", "fcc_covered_list", "section_889")):
        ("US Commerce Entity List: Huawei", "US Commerce Entity List; US FCC Covered List; "
         "Equipment covered by NDAA section 889"),
    ("us-hikvision", "vendor_on_restricted_lists",
     ("entity_list", "fcc_covered_list", "section_889")):
        ("US Commerce Entity List: Hikvision", "US Commerce Entity List; US FCC Covered List; "
         "Equipment covered by NDAA section 889"),
    ("us-hikvision-rights", "vendor_hr_listing", "yes"):
        ("for human-rights violations in Xinjiang", "Yes"),
    ("brief-storm", "home_regulatory_volatility", "yes"):
        ("a “regulatory storm” in Chinese digi-tech", "Yes"),
    ("us-smic-chips", "chip_supplier_restricted", "yes"):
        ("SMIC, a chip maker", "Yes"),
}
#: The sector fact is checked against the brief's table in test_partners (TABLE).
SECTOR_WORDS = "which places the company in this sector"
US_LISTS = {"entity_list": "Entity List", "fcc_covered_list": "FCC Covered List",
            "section_889": "§889"}
BRIEF = Path(__file__).resolve().parents[2] / "shared" / "brief" / "000_f0eeceb0f27938a3.txt"


def key(fact):
    answer = tuple(fact.answer) if isinstance(fact.answer, list) else fact.answer
    return fact.source_id, fact.question, answer


def test_every_prefilled_fact_is_stated_by_its_source(rulebase):
    registry = rulebase.partners
    checked = 0
    for partner in registry.partners.values():
        for fact in partner.facts:
            source_text = registry.sources[fact.source_id]
            if fact.question == "sector":
                assert SECTOR_WORDS in source_text
                continue
            assert key(fact) in CLAIMS, f"{partner.id}: {key(fact)} has no entry in CLAIMS"
            words, label = CLAIMS[key(fact)]
            assert words in source_text, (partner.id, fact.question, words)
            question = rulebase.bank.questions[fact.question]
            assert answer_text(question, fact.answer) == label, (partner.id, fact.question)
            if fact.question == "vendor_on_restricted_lists":
                for option in fact.answer:  # each list ticked is named in the source's words
                    assert US_LISTS[option] in source_text, (partner.id, option)
                if partner.name != "Huawei":
                    assert partner.name in source_text
            checked += 1
    assert checked >= 40


def test_the_table_has_no_stale_entries(rulebase):
    used = {key(f) for p in rulebase.partners.partners.values() for f in p.facts}
    assert set(CLAIMS) <= used


@pytest.mark.skipif(not BRIEF.exists(), reason="the brief is not beside the project")
def test_the_brief_says_what_the_registry_quotes_from_it(rulebase):
    brief = " ".join(BRIEF.read_text(encoding="utf-8").split())
    assert "None of these are state-owned" in brief
    assert "Examples of Large Chinese Digi-Tech Companies" in brief
    for name in ("Huawei", "Lenovo", "Xiaomi", "Tencent"):
        assert name in brief
