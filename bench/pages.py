"""Page weight on a phone over a weak signal: every page of the README's "Pages" table, as a persona who uses it.

Debian's Chromium (Playwright) at 390x844 opens each page against `volunteerhub serve` with the demo city (its
own SQLite database, var/bench/pages-demo-<day>.sqlite3, with an operator and sent call-outs added), through
Chrome DevTools' network emulation of "Slow 4G" (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip): the bytes
transferred (headers and compressed bodies, everything the page fetches until the network is idle) and the load
event, on a first visit (a fresh browser profile) and on a repeat visit (the same page again, its cache warm).
Goals: under 400 KiB and loaded within 3 s on a first visit. The smoke profile (the tests) measures first visits
without throttling: bytes do not depend on the speed of the link.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from bench.common import BENCH_VAR, ROOT, Profile, Result

BUDGET_KIB = 400
BUDGET_SECONDS = 3.0
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PASSWORD = "Binzhou-2026"
PHONES = {"resident": "13900000005", "volunteer": "13900000004", "organizer": "13900000003",
          "operator": "13900000007", "county_admin": "13900000002", "city_admin": "13900000001"}
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HOMES = ["anonymous", "resident", "volunteer", "organizer", "operator", "city_admin"]


@dataclass
class Visit:
    kib: float
    seconds: float
    status: int
    url: str
    heaviest: str = ""  # the largest resource of the visit and its size
    errors: tuple[str, ...] = ()  # what the page's scripts threw or logged as errors


@dataclass
class Page:
    pattern: str
    path: str
    persona: str
    first: Visit | None = None
    repeat: Visit | None = None

    def met(self, *, throttled: bool) -> bool:
        """Under 400 KiB on a first visit, answered and without script errors; within 3 s where the link is slow."""
        first = self.first
        return (first is not None and first.status == 200 and first.kib < BUDGET_KIB and not first.errors
                and (first.seconds < BUDGET_SECONDS or not throttled))


def pages_to_measure(ids: dict[str, str]) -> list[Page]:
    """One page per README path pattern and persona: the first persona of the row who uses it (the public for
    "everyone", the city administrator for "administrators"; the home as each role, whose own it is), the <id> and
    <code> filled from the demo data."""
    from volunteerhub.home.readme_pages import pages_table, users_of

    seen, pages = set(), []
    for who, pattern in pages_table():
        roles = users_of(who, pattern)
        who_measures = next((r for r in ("anonymous", "city_admin") if r in roles), roles[0])
        for persona in HOMES if pattern == "/" else [who_measures]:
            if (persona, pattern) not in seen:
                seen.add((persona, pattern))
                pages.append(Page(pattern, _fill(pattern, persona, ids), persona))
    return pages


def _fill(pattern: str, persona: str, ids: dict[str, str]) -> str:
    if "<code>" in pattern:
        return pattern.replace("<code>", ids["certificate"])
    if "<id>" not in pattern:
        return pattern
    kind = pattern.strip("/").split("/")[0]  # needs, activities, insurance, callouts
    key = {"needs": "need" if persona in ("resident", "operator") else "open_need", "activities": "activity",
           "insurance": "activity", "callouts": "callout_answer" if pattern.endswith("/answer/") else "callout"}[kind]
    return pattern.replace("<id>", ids[key])


def prepare_demo() -> tuple[str, dict[str, str]]:
    """The demo city in a database of its own, made anew each day (its activities, needs and calls are dated from the
    day it was seeded): its URL and the ids to visit."""
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    database = BENCH_VAR / f"pages-demo-{dt.date.today().isoformat()}.sqlite3"
    for older in BENCH_VAR.glob("pages-demo-*.sqlite3"):
        if older != database:
            older.unlink()
    url = f"sqlite:///{database}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", "VOLUNTEERHUB_DEMO": "1",
           "VOLUNTEERHUB_VAR_DIR": str(BENCH_VAR), "VOLUNTEERHUB_NO_PROGRESS": "1", "LOG_LEVEL": "WARNING"}
    env.pop("PYTEST_CURRENT_TEST", None)
    done = subprocess.run([sys.executable, "-m", "bench.pages_demo"], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the demo for the pages could not be made: {done.stderr[-3000:]}")
    return url, json.loads(done.stdout.strip().splitlines()[-1])


class Browser:
    """Chromium at phone size; each page opened in a fresh profile (cold cache) signed in as its persona."""

    def __init__(self, base_url: str, *, throttle: bool):
        from playwright.sync_api import sync_playwright

        self.base_url, self.throttle = base_url, throttle
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        self._signed_in: dict[str, dict] = {}

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()

    def _state(self, persona: str) -> dict | None:
        """The cookies of a signed-in session, made without loading a page (so no cache is warmed)."""
        if persona == "anonymous":
            return None
        if persona not in self._signed_in:
            request = self._playwright.request.new_context(base_url=self.base_url)
            form = request.get("/accounts/login/").text()
            token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
            answer = request.post("/accounts/login/", form={"csrfmiddlewaretoken": token, "username": PHONES[persona],
                                                            "password": PASSWORD},
                                  headers={"Referer": f"{self.base_url}/accounts/login/"}, max_redirects=0)
            if answer.status != 302:
                raise RuntimeError(f"{persona} could not sign in: {answer.status}")
            self._signed_in[persona] = request.storage_state()
            request.dispose()
        return self._signed_in[persona]

    def measure(self, page: Page, *, repeat: bool) -> None:
        context = self._browser.new_context(base_url=self.base_url, viewport={"width": 390, "height": 844},
                                            device_scale_factor=1, locale="zh-CN",
                                            storage_state=self._state(page.persona))
        try:
            tab = context.new_page()
            errors: list[str] = []
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
            network = context.new_cdp_session(tab)
            network.send("Network.enable")
            if self.throttle:
                network.send("Network.emulateNetworkConditions", SLOW_4G)
            sizes: dict[str, int] = {}
            urls: dict[str, str] = {}
            network.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
            network.on("Network.loadingFinished", lambda e: sizes.__setitem__(
                e["requestId"], sizes.get(e["requestId"], 0) + e["encodedDataLength"]))
            page.first = self._visit(tab, page.path, sizes, urls, errors)
            if repeat:
                page.repeat = self._visit(tab, page.path, sizes, urls, errors)
        finally:
            context.close()

    def _visit(self, tab, path: str, sizes: dict, urls: dict, errors: list) -> Visit:
        sizes.clear()
        urls.clear()
        errors.clear()
        response = tab.goto(path, wait_until="load", timeout=60_000)
        seconds = tab.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
        try:
            tab.wait_for_load_state("networkidle", timeout=15_000)  # what the page fetches after its load event
        except Exception:  # noqa: BLE001 — a page that keeps polling: counted as far as it went
            pass
        heaviest = max(sizes, key=sizes.get, default=None)
        note = f"{urls.get(heaviest, '?').split('?')[0].replace(self.base_url, '')} {sizes[heaviest] / 1024:.0f} KiB" \
            if heaviest else ""
        return Visit(sum(sizes.values()) / 1024, seconds, response.status if response else 0,
                     tab.url.replace(self.base_url, ""), note, tuple(errors))


def measure_all(base_url: str, pages: list[Page], *, throttle: bool, repeat: bool) -> list[Page]:
    browser = Browser(base_url, throttle=throttle)
    try:
        for page in pages:
            browser.measure(page, repeat=repeat)
            print(f"   {page.path} ({page.persona}): {_visit_text(page.first)}"
                  + (f"; repeat {_visit_text(page.repeat)}" if page.repeat else ""), flush=True)
    finally:
        browser.close()
    return pages


def _visit_text(visit: Visit | None) -> str:
    return "—" if visit is None else f"{visit.kib:.0f} KiB in {visit.seconds:.2f} s"


def _problems(visit: Visit) -> str:
    said = [] if visit.status == 200 else [f"answered {visit.status} at {visit.url}"]
    return "; ".join(said + [f"script error: {e[:200]}" for e in visit.errors])


def page_table(pages: list[Page], *, throttled: bool) -> str:
    """A row per page: first and repeat visit, with the goals."""
    link = "Slow 4G" if throttled else "no throttling"
    lines = [f"| page | as | first visit KiB (< {BUDGET_KIB}) | first visit load s, {link} (< {BUDGET_SECONDS:g}) | "
             f"repeat KiB | repeat load s | met | heaviest resource |", "|---|---|---:|---:|---:|---:|:---:|---|"]
    for p in pages:
        first, again = p.first, p.repeat
        met = p.met(throttled=throttled)
        status = f" ({_problems(first)})" if _problems(first) else ""
        repeat = "— | —" if again is None else f"{again.kib:.1f} | {again.seconds:.2f}"
        lines.append(f"| `{p.path}`{status} | {p.persona} | {first.kib:.0f} | {first.seconds:.2f} | {repeat} "
                     f"| {'yes' if met else '**no**'} | {first.heaviest} |")
    return "\n".join(lines)


def results(pages: list[Page], *, throttled: bool) -> list[Result]:
    out = []
    for p in pages:
        first, again = p.first, p.repeat
        timing = f"load {first.seconds:.2f} s" + (f"; repeat visit {again.kib:.1f} KiB, load {again.seconds:.2f} s"
                                                   if again else "")
        out.append(Result(f"page {p.path} as {p.persona}, 390x844, {'Slow 4G' if throttled else 'unthrottled'}",
                          f"first visit transferred ({timing})", first.kib, "KiB",
                          target=f"< {BUDGET_KIB} KiB" + (f", load < {BUDGET_SECONDS:g} s" if throttled else ""),
                          met=p.met(throttled=throttled),
                          note=_problems(first)))
    return out


def run(profile: Profile) -> list[Result]:
    from bench import http

    throttle = profile.name != "smoke"
    url, ids = prepare_demo()
    with http.server(url, workers=profile.server_workers) as (host, port):
        http.warm(port, "/", requests=profile.server_workers * 4)  # each process's first answer is not the page's
        started = time.perf_counter()
        pages = measure_all(f"http://{host}:{port}", pages_to_measure(ids), throttle=throttle, repeat=throttle)
        print(f"== pages: {len(pages)} measured in {time.perf_counter() - started:.0f} s\n", flush=True)
    print(page_table(pages, throttled=throttle), flush=True)
    return results(pages, throttled=throttle)
