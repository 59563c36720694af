"""Stuurinformatie in a real Chromium on the demo data's year of history: every plot is drawn
(its canvas holds pixels), every plot has its numbers as a table behind it, the filter works,
and the page passes axe-core in Dutch and English on a desktop and on a tablet."""
from playwright.sync_api import expect

from .conftest import CONSULTANT

TABLET = {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True}
# How many pixels of each canvas the plot painted (Chart.js draws nothing without data).
PAINTED = """() => [...document.querySelectorAll('canvas[data-chart]')].map(canvas => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted++; } }
  return {chart: canvas.dataset.chart, drawn: canvas.dataset.drawn, painted};
})"""


def open_figures(person) -> None:
    person.log_in(CONSULTANT)
    person.page.click("text=Stuurinformatie")
    expect(person.page.locator("h1")).to_have_text("Stuurinformatie")


def assert_every_plot_drawn(page) -> None:
    plots = page.evaluate(PAINTED)
    assert len(plots) == 6, plots
    assert all(p["drawn"] == "true" and p["painted"] > 1000 for p in plots), plots


def test_the_consultant_sees_a_year_of_figures_in_plots_and_tables(people):
    consultant = people("consulent", viewport={"width": 1280, "height": 900})
    open_figures(consultant)
    page = consultant.page
    assert_every_plot_drawn(page)
    tables = page.locator(".chart details")
    expect(tables).to_have_count(6)
    # Behind each plot, its numbers: a table with a caption, a row per month or provider.
    page.click("#figure-requests-by-month summary")
    rows = page.locator("#figure-requests-by-month table tbody tr")
    expect(rows).to_have_count(12)
    expect(page.locator("#figure-market-shares table")).to_contain_text("Thuishulp Flevoland")
    expect(page.locator("#signalen ~ section")).not_to_have_count(0)
    consultant.check("stuurinformatie")
    assert_every_plot_drawn(page)

    # The filter: one category, the plots drawn again for it.
    page.select_option("#filter-category", "huishoudelijke_ondersteuning")
    page.click(".steering-filter button[type=submit]")
    page.wait_for_load_state()
    assert "category=huishoudelijke_ondersteuning" in page.url
    assert_every_plot_drawn(page)

    # A signal leads to what it concerns.
    page.goto("/stuurinformatie/")
    page.locator(".signals a").first.click()
    page.wait_for_load_state()
    assert "/consulent/" in page.url


def test_the_page_reads_on_a_tablet(people):
    consultant = people("consulent-tablet", **TABLET)
    open_figures(consultant)
    assert_every_plot_drawn(consultant.page)
    consultant.check("stuurinformatie op een tablet")
