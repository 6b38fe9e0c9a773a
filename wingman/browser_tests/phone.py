"""Whether a page fits a phone: at the width it is shown at, the page does not scroll sideways,
nothing in it is cut off, and axe finds nothing serious. A wide table may scroll sideways inside
its own container, as the GOV.UK Design System does it: a region a keyboard can reach
(`tabindex="0"`) with a name a screen reader reads out."""

from playwright.sync_api import Page, ViewportSize

from .conftest import assert_accessible

# An iPhone's width, and the narrowest the Web Content Accessibility Guidelines ask for (reflow).
PHONE_WIDTHS: tuple[ViewportSize, ...] = (
    {"width": 390, "height": 844},
    {"width": 320, "height": 640},
)

# What on the page scrolls sideways, what sticks out of the window or is clipped by a box too
# narrow for it, and what scrolls sideways without being a named region a keyboard can reach.
_MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  // Visually hidden (a box of a pixel that clips what is in it), or inside such a box.
  const hidden = e => {
    for (let a = e; a; a = a.parentElement) {
      const box = a.getBoundingClientRect();
      if ((box.width <= 1 || box.height <= 1) && getComputedStyle(a).overflow !== 'visible')
        return true;
    }
    return false;
  };
  const scroller = e => {
    const overflow = getComputedStyle(e).overflowX;
    return (overflow === 'auto' || overflow === 'scroll') && e.scrollWidth > e.clientWidth + 1;
  };
  const region = e => e.getAttribute('role') === 'region' && e.getAttribute('tabindex') === '0'
    && (e.getAttribute('aria-label')
        || document.getElementById(e.getAttribute('aria-labelledby'))?.textContent.trim());
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className
       ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const scrollers = [], clipped = [], outside = [], scrolling = new Set(), told = new Set();
  for (const e of document.querySelectorAll('body *')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 && box.height === 0 || hidden(e)) continue;
    // Inside something that scrolls sideways: a region's right, and any other is told once.
    if (e.parentElement && [...scrolling].some(s => s.contains(e))) continue;
    if (scroller(e)) {
      scrolling.add(e);
      if (!region(e)) scrollers.push(name(e));
      continue;
    }
    const style = getComputedStyle(e);
    if (['hidden', 'clip'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1
        && style.position !== 'absolute') clipped.push(name(e));
    if (box.width > 0 && (box.right > width + 1 || box.left < -1)
        && style.position !== 'fixed') {
      // Only the outermost of what sticks out, not everything in it.
      if (!e.parentElement || !told.has(e.parentElement))
        outside.push(`${name(e)} (${Math.round(box.left)} to ${Math.round(box.right)})`);
      told.add(e);
    }
  }
  return {page: document.documentElement.scrollWidth, width, scrollers, clipped, outside};
}"""


def fits_the_phone_width(page: Page, what: str) -> None:
    """`what`, as `page` shows it now, fits the window's width: see the module's words."""
    viewport = page.viewport_size
    assert viewport is not None
    at = f"{what} ({page.url}) at {viewport['width']}px"
    found = page.evaluate(_MEASURE)
    assert not found["scrollers"], (
        f"{at} scrolls sideways inside something that is not a named, focusable region: "
        f"{found['scrollers']}"
    )
    assert not found["outside"], f"{at} has parts outside the window: {found['outside']}"
    assert not found["clipped"], f"{at} cuts off what is in: {found['clipped']}"
    assert found["page"] <= viewport["width"], f"{at} is {found['page']}px wide"
    assert_accessible(page, at)


def fits_every_phone(page: Page, what: str) -> None:
    """`what`, as `page` shows it now, fits each of `PHONE_WIDTHS`."""
    for size in PHONE_WIDTHS:
        page.set_viewport_size(size)
        fits_the_phone_width(page, what)
