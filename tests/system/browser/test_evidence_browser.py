"""Evidence in a real Chromium against a real server (the demo data: Lelystad asks for the
insurance's policy schedule): a provider uploads a file through the admission page's form, a file
that is no PDF is refused in words, and the consultant opens the provider's PDF in the browser
under the file's own policy. axe-core checks every page on the way (Dutch and English)."""
from playwright.sync_api import expect

from .conftest import CONSULTANT, PROVIDERS

# A PNG's first bytes: what counts is the content, so the name may say .pdf.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def test_a_provider_uploads_evidence_and_the_consultant_opens_it(people):
    provider = people("aanbieder2")
    provider.log_in(PROVIDERS[2])
    page = provider.page
    page.goto("/aanbieder/status")
    section = page.locator("section[id^=bewijs-]").first
    expect(section).to_contain_text("Geldig")
    provider.check("admission page with evidence")

    section.locator("input[type=file]").set_input_files(
        {"name": "programma.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 64})
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    section = page.locator("section[id^=bewijs-]").first
    expect(section.locator(".field-error")).to_contain_text("geen PDF, PNG of JPEG")
    provider.check("evidence refused", both_languages=False)

    section.locator("input[type=file]").set_input_files(
        {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": PNG})
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success")).to_contain_text("scan.pdf")
    link = page.locator("section[id^=bewijs-] a", has_text="scan.pdf")
    opened = page.request.get(link.get_attribute("href"))
    assert opened.status == 200 and opened.headers["content-type"] == "image/png"

    consultant = people("consulent")
    consultant.log_in(CONSULTANT)
    cpage = consultant.page
    cpage.goto("/consulent/aanbieders")
    row = cpage.locator("li.evidence-item", has_text="polisblad-30123456.pdf")
    expect(row).to_contain_text("Geldig")
    consultant.check("providers with evidence")
    # Fetched with the consultant's session rather than navigated to: headless Chromium would
    # download the PDF instead of showing it.
    response = cpage.request.get(row.locator("a").get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == "inline; filename=polisblad-30123456.pdf"
    assert "object-src 'self'" in response.headers["content-security-policy"]
    assert response.body().startswith(b"%PDF-")
