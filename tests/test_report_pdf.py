"""The report as a PDF: from the page (/report.pdf) and from the CLI (`assess --format pdf`),
with the running header and footer on every page, draft or final status, page x of y, and
a clear message where WeasyPrint's Pango is missing."""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from webapp.cli import main
from webapp.reports import routes
from webapp.reports.pdf import INSTALL_HINT, pdf_unavailable

from .conftest import EXAMPLES, RULES, example_answers
from .wizard_helpers import new_assessment, section_form_data, walk

needs_pdf = pytest.mark.skipif(pdf_unavailable() is not None,
                               reason=f"WeasyPrint cannot load: {pdf_unavailable()}")


def pdf_pages(data: bytes, tmp_path) -> list[str]:
    """The text of each page (poppler's pdftotext)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    try:
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def draft_with_two_sections(client, app) -> int:
    rulebase = app.extensions["weighbridge_rules"]
    assessment_id = new_assessment(client, "Cameras for the city")
    answers = example_answers("police_facial_recognition_not_free.json")
    for section in rulebase.bank.sections[:2]:
        response = client.post(f"/assessments/{assessment_id}/step/{section.id}",
                               data=section_form_data(section, answers))
        assert response.status_code == 302
    return assessment_id


@needs_pdf
def test_a_draft_pdf_says_draft_with_title_and_page_numbers_on_every_page(client, app, tmp_path):
    assessment_id = draft_with_two_sections(client, app)
    response = client.get(f"/assessments/{assessment_id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "cameras-for-the-city" in response.headers["Content-Disposition"]
    pages = pdf_pages(response.data, tmp_path)
    assert len(pages) > 2
    for number, text in enumerate(pages, 1):
        assert "Cameras for the city" in text, number
        assert f"Assessment {assessment_id}" in text, number
        assert re.search(r"DRAFT — \d of \d+ sections answered", text), number
        assert f"Page {number} of {len(pages)}" in text, number
    assert "Verdict (provisional):" in pages[0]
    assert "Assessed by A. Official" in pages[0]


@needs_pdf
def test_a_final_pdf_and_the_copy_without_appendices(client, tmp_path):
    assessment_id = new_assessment(client, "Rural network")
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    full = pdf_pages(client.get(f"/assessments/{assessment_id}/report.pdf").data, tmp_path)
    short = pdf_pages(client.get(f"/assessments/{assessment_id}/report.pdf?appendices=0").data,
                      tmp_path)
    assert all("Final" in page and "DRAFT" not in page for page in full)
    assert "Verdict: Proceed with conditions" in full[0]
    assert "Appendix A. The findings in full" in " ".join(full)
    assert "Appendix A. The findings in full" not in " ".join(short)
    assert "This copy leaves out Appendix A" in " ".join(short)
    assert len(short) < len(full) and len(short) <= 8


@needs_pdf
def test_the_pdf_follows_the_weights_asked_for(client, tmp_path):
    assessment_id = new_assessment(client, "Rural network")
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    text = pdf_pages(client.get(f"/assessments/{assessment_id}/report.pdf"
                                "?profile=security_led").data, tmp_path)[0]
    assert "weights: Security-led" in text


@needs_pdf
def test_the_cli_writes_the_same_report_from_a_file(tmp_path):
    out = tmp_path / "rural.pdf"
    result = CliRunner().invoke(main, ["--rules", str(RULES), "assess",
                                       str(EXAMPLES / "rural_access_network_ldc.json"),
                                       "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    pages = pdf_pages(out.read_bytes(), tmp_path)
    assert "Rural access network in a least-developed country" in pages[0]
    assert "Verdict: Proceed with conditions" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_the_cli_refuses_a_pdf_to_the_terminal():
    result = CliRunner().invoke(main, ["--rules", str(RULES), "assess",
                                       str(EXAMPLES / "rural_access_network_ldc.json"),
                                       "--format", "pdf"])
    assert result.exit_code == 2
    assert "needs -o OUT.pdf" in result.output


def test_without_pango_the_page_and_the_cli_say_what_to_install(client, monkeypatch, tmp_path):
    monkeypatch.setattr(routes, "pdf_unavailable", lambda: INSTALL_HINT)
    monkeypatch.setattr("webapp.reports.pdf.pdf_unavailable", lambda: INSTALL_HINT)
    assessment_id = new_assessment(client, "No Pango")
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    page = client.get(f"/assessments/{assessment_id}/report")
    assert page.status_code == 200 and "PDF not available" in page.text
    assert "libpango-1.0-0" in page.text and "Download PDF" not in page.text
    response = client.get(f"/assessments/{assessment_id}/report.pdf")
    assert response.status_code == 503 and "libpango-1.0-0" in response.text
    result = CliRunner().invoke(main, ["--rules", str(RULES), "assess",
                                       str(EXAMPLES / "rural_access_network_ldc.json"),
                                       "--format", "pdf", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "libpango-1.0-0" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_charts_read_in_greyscale(client):
    """Risk before and after mitigation and benefit differ by pattern, not colour alone, and
    every bar is labelled with its net."""
    assessment_id = new_assessment(client, "Rural network")
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    page = client.get(f"/assessments/{assessment_id}/report").text
    chart = page[page.index('<svg class="chart'):page.index("</svg>")]
    patterns = set(re.findall(r'fill="url\(#([\w-]+)\)"', chart))
    assert len(patterns) >= 2, patterns
    assert chart.count(">net ") >= 4
