"""Every page of the README's "Pages" table, as every persona the table says uses it, on a phone (390 px) and a desk
(1280 px): axe-core finds no serious or critical WCAG 2.1 A/AA violation, nothing scrolls sideways even at 360 px (in 大字 too),
and every visible link, button and field is at least 44x44 CSS px (links inside running text excepted, as WCAG
allows). The large-text mode (大字) is held to the 2021 MIIT elderly-friendly rules on the key pages.

One browser, one context per persona (signed in once), each page opened once and measured at each width.
Rendering does not depend on the database: these run in the SQLite pass only."""

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.db import connection

from volunteerhub.accounts.models import Role
from volunteerhub.conftest import PASSWORD, make_user
from volunteerhub.core.tests.matrix import build_world
from volunteerhub.home.readme_pages import address, pages_by_persona

PHONE, NARROW, DESK = {"width": 390, "height": 844}, {"width": 360, "height": 740}, {"width": 1280, "height": 800}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["violations"]}
SEVERE = ("serious", "critical")
NOT_FOUND = "/no-such-page/"
# Django's own back-office keeps Django's look (its templates come before ours): axe and the width are checked there,
# the size of its links is not.
TARGETS_NOT_CHECKED = ("/admin/",)
# What a finger taps: a checkbox or radio button is tapped through its label.
TARGETS = """([least, skip]) => {
  const tappable = 'a[href], button, input:not([type=hidden]), select, textarea, [role=button], summary';
  const inText = (e) => e.tagName === 'A' && getComputedStyle(e).display === 'inline'
    && e.parentElement.textContent.trim().length > e.textContent.trim().length;
  const target = (e) => (e.type === 'checkbox' || e.type === 'radio') && e.labels && e.labels.length ? e.labels[0] : e;
  return [...document.querySelectorAll(tappable)].map(e => [e, target(e).getBoundingClientRect()]).filter(([e, r]) =>
      r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && getComputedStyle(e).visibility !== 'hidden'
      && !inText(e) && !(skip && e.matches(skip)) && (Math.round(r.width) < least || Math.round(r.height) < least))
    .map(([e, r]) => `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''}> "${(e.innerText || e.value || e.getAttribute('aria-label') || e.getAttribute('href') || '').trim().slice(0, 24)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
}"""
SIDEWAYS = "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
LARGE_TEXT = "(on) => document.documentElement.classList.toggle('large-text', on)"  # as the 大字 button does
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"  # resize handlers ran
# Each visible piece of text: its element, font size and line height in px.
TEXTS = """(skip) => [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 1 && r.height > 1 && r.right > 0 && s.visibility !== 'hidden' && !e.closest(skip)
      && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  }).map(e => { const s = getComputedStyle(e);
    return [`<${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''}> "${e.textContent.trim().slice(0, 16)}"`,
            parseFloat(s.fontSize), s.lineHeight === 'normal' ? 0 : parseFloat(s.lineHeight)]; })"""
# The map's own drawing (pins, place names, the scale) keeps its size in 大字: it is a picture, not the page's text.
MAP_MARKS = ".leaflet-marker-icon, .leaflet-tooltip, .leaflet-control-scale"
# 大字 is checked on the pages the elderly use most, as who uses them.
LARGE_TEXT_PAGES = {"resident": ("/", "/map", "/activities/", "/needs/new/"), "volunteer": ("/", "/me/hours/")}


@pytest.fixture
def world(live_server):
    if connection.vendor != "sqlite":
        pytest.skip("rendering does not depend on the database: the accessibility run is in the SQLite pass")
    world = build_world()
    world.users["operator"] = make_user(Role.OPERATOR, "371602001")
    world.users["organizer"] = world.users["organiser"]
    return world


def signed_in_context(browser, live_server, user, **options):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport=PHONE, **options)
    page = context.new_page()
    page.pending = set()
    page.on("request", lambda request: page.pending.add(request))
    page.on("requestfinished", lambda request: page.pending.discard(request))
    page.on("requestfailed", lambda request: page.pending.discard(request))
    if user is not None:
        page.goto("/accounts/login/")
        page.fill("#id_username", user.phone)
        page.fill("#id_password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return context, page


def open_page(page, path: str) -> int:
    """Opens the page and waits until what its scripts fetched (map pins, charts) has arrived."""
    answer = page.goto(path)
    for _ in range(100):
        if not page.pending:
            break
        page.wait_for_timeout(50)
    return answer.status


def axe_violations(page, options=AXE_OPTIONS) -> list[str]:
    """The serious and critical violations axe-core finds: rule, impact, where (put in the page once per page)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", options)["violations"]
    return [f"{v['id']} ({v['impact']}) at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in results if v["impact"] in SEVERE]


@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe_fits_a_phone_and_has_targets_a_finger_can_tap(browser, live_server, world):
    problems, pages = [], 0
    for persona, patterns in pages_by_persona().items():
        context, page = signed_in_context(browser, live_server, world.users.get(persona))
        for path in [address(pattern, world.ids) for pattern in patterns] + [NOT_FOUND]:
            page.set_viewport_size(PHONE)
            status = open_page(page, path)
            pages += 1
            if (status >= 400) != (path == NOT_FOUND):
                problems.append(f"{path} as {persona}: answers {status}")
            where = f"{path} as {persona}"
            for size, viewport, large in (("phone", PHONE, False), ("360", NARROW, False), ("360 大字", NARROW, True),
                                          ("desk", DESK, False)):
                page.set_viewport_size(viewport)
                page.evaluate(LARGE_TEXT, large)
                page.evaluate(SETTLED)
                if size in ("phone", "desk"):
                    problems += [f"{where} ({size}): axe {v}" for v in axe_violations(page)]
                    if not path.startswith(TARGETS_NOT_CHECKED):
                        problems += [f"{where} ({size}): small target {t}" for t in page.evaluate(TARGETS, [44, None])]
                if (sideways := page.evaluate(SIDEWAYS)) > 0:
                    problems.append(f"{where} ({size}): scrolls sideways by {sideways} px")
        context.close()
    assert pages >= 7 * 8, "every persona's pages were opened"
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)


def large_text_problems(page) -> list[str]:
    """The 2021 MIIT elderly-friendly rules: text >= 18 px, the largest >= 30 px, line spacing >= 1.3, contrast
    >= 4.5:1 (axe's color-contrast), targets >= 60x60 px, no sideways scroll."""
    texts = page.evaluate(TEXTS, MAP_MARKS)
    problems = [f"text {what} is {size} px" for what, size, _ in texts if size < 18]
    problems += [f"text {what} has line spacing {height / size:.2f}" for what, size, height in texts
                 if height / size < 1.3 - .005]
    if max((size for _, size, _ in texts), default=0) < 30:
        problems.append("no text is 30 px or larger")
    problems += [f"axe {v}" for v in axe_violations(page, CONTRAST)]
    problems += [f"small target {t}" for t in page.evaluate(TARGETS, [60, MAP_MARKS])]
    if (sideways := page.evaluate(SIDEWAYS)) > 0:
        problems.append(f"scrolls sideways by {sideways} px")
    return problems


@pytest.mark.django_db(transaction=True)
def test_large_text_mode_follows_the_elderly_friendly_rules_on_the_key_pages(browser, live_server, world):
    problems = []
    for persona, paths in LARGE_TEXT_PAGES.items():
        context, page = signed_in_context(browser, live_server, world.users[persona])
        open_page(page, paths[0])
        page.click("#large-text-toggle")  # remembered on this device from then on
        assert page.get_attribute("#large-text-toggle", "aria-pressed") == "true"
        for path in paths:
            for size, viewport in (("phone", PHONE), ("360", NARROW), ("desk", DESK)):
                page.set_viewport_size(viewport)
                open_page(page, path)
                assert page.evaluate("document.documentElement.classList.contains('large-text')")
                problems += [f"{path} as {persona} ({size}): {p}" for p in large_text_problems(page)]
        context.close()
    assert problems == [], f"{len(problems)} problems in large text:\n" + "\n".join(problems)


def test_the_checks_find_what_they_look_for(browser):
    """A page made to fail: an image without a text, a tiny button, a lone small link, pale text, a row wider than the
    phone; a link inside a sentence is let be."""
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    page.set_content("""<html lang="zh-Hans"><head><title>t</title></head><body><main>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="40" height="40">
      <button style="width:20px;height:20px;padding:0">x</button>
      <ul><li><a href="/a" style="font-size:14px">单独的链接</a></li></ul>
      <p style="min-height:60px">请先 <a href="/b">登录</a> 后再报名。</p>
      <p style="color:#bbb">浅色的字</p><div style="width:400px">宽</div></main></body></html>""")
    assert any(v.startswith("image-alt (critical)") for v in axe_violations(page))
    assert [v.split(" ")[0] for v in axe_violations(page, CONTRAST)] == ["color-contrast"]
    small = page.evaluate(TARGETS, [44, None])
    assert [t.split(" ")[0] for t in small] == ["<button>", "<a>"] and "单独的链接" in small[1]
    assert page.evaluate(SIDEWAYS) > 0
    context.close()
