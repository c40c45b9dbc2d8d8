"""The playground at `/` of `baji serve` (issue 13 item 6), in a real headless browser:
Debian's chromium driven by selenium through chromium-driver, against `baji serve`
started on a free loopback port with a token. The form is generated from the profile
schema the service serves; the test fills it for a real candidate (the README's), and
pastes the same candidate as JSON and as YAML; each time the decision sheet comes back
through the service's own API, token included."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import baji

pytest.importorskip("fastapi", reason="the server extra is not installed "
                                      "(pip install '.[server]')")
pytest.importorskip("selenium", reason="selenium is not installed (pip install '.[dev]')")

from selenium import webdriver  # noqa: E402 - after the skip
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402
from test_sheet import README  # noqa: E402

TOKEN = "playground-test-token"
DAY = "2026-07-01"
WAIT = 30.0


def _browser_paths() -> tuple[str, str] | None:
    """Debian's chromium and its driver, or None where they are not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def _serving(folder: Path, *options: str) -> Iterator[int]:
    """`baji serve` on a free loopback port, with a bearer token (and ``options``); its
    port, once it answers."""
    port = _free_port()
    log = folder / "serve.log"
    env = {**os.environ, "BAJI_TOKEN": TOKEN}
    with log.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "baji", "serve", "--port", str(port),
                                 *options], stdout=sink, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",
                                            timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("baji serve did not start: "
                                       + log.read_text(errors="replace")) from None
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`baji serve` with a token; its base address."""
    with _serving(tmp_path_factory.mktemp("serve")) as port:
        yield f"http://127.0.0.1:{port}/"


class _PrefixProxy(http.server.BaseHTTPRequestHandler):
    """A reverse proxy serving the service under ``/baji``, as nginx's ``location /baji/
    { proxy_pass http://service/; }`` does with ``/baji`` redirected there: the prefix
    is taken off before the request goes on."""

    backend = 0
    PREFIX = "/baji"

    def _forward(self) -> None:
        if not (self.path == self.PREFIX or self.path.startswith(self.PREFIX + "/")):
            self.send_error(404)
            return
        rest = self.path[len(self.PREFIX):] or "/"
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host",)}
        request = urllib.request.Request(f"http://127.0.0.1:{self.backend}{rest}", data=body,
                                         headers=headers, method=self.command)
        try:
            reply = urllib.request.urlopen(request, timeout=WAIT)
        except urllib.error.HTTPError as error:
            reply = error
        data = reply.read()
        self.send_response(reply.status)
        for key, value in reply.headers.items():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _forward

    def log_message(self, *args: Any) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def prefixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`baji serve --root-path /baji` behind a proxy that serves it under ``/baji``; the
    address of the playground there, without the slash after the prefix."""
    with _serving(tmp_path_factory.mktemp("serve"), "--root-path", "/baji") as port:
        handler = type("Proxy", (_PrefixProxy,), {"backend": port})
        proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{proxy.server_address[1]}/baji"
        finally:
            proxy.shutdown()
            proxy.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """Headless chromium, or a skip saying why there is none."""
    paths = _browser_paths()
    if paths is None:
        pytest.skip("no browser: Debian's chromium and chromium-driver are not installed "
                    "(apt-get install chromium chromium-driver; .ci/run installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1800"):
        options.add_argument(arg)
    try:
        driver = webdriver.Chrome(service=Service(executable_path=paths[1]), options=options)
    except WebDriverException as exc:  # installed but cannot run here
        pytest.skip(f"no browser: chromium did not start ({exc.msg})")
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: WebDriver, what: Any, message: str) -> Any:
    return WebDriverWait(driver, WAIT).until(what, message)


def _open(driver: WebDriver, base: str) -> None:
    """The playground, with the token given: the form is drawn from the served schema."""
    driver.get(base)
    driver.execute_script("sessionStorage.clear()")  # a token kept by an earlier test
    driver.refresh()
    _wait(driver, lambda d: d.find_element(By.ID, "problems").is_displayed(),
          "without the token the page shows the service's problem")
    assert "BAJI500" not in driver.find_element(By.ID, "problems").text  # words, not codes
    assert driver.find_element(By.ID, "profile-form").text == ""
    token = driver.find_element(By.ID, "token")
    # Typed and left with Tab, as a person does: the browser's own change event (one
    # dispatched by script would be followed by a second on leaving the field, and the
    # form drawn again under the test's hands).
    token.send_keys(TOKEN + Keys.TAB)
    _wait(driver, lambda d: d.find_elements(By.NAME, "still_in_occupation"),
          "the form is generated once the token is given")


def _set(driver: WebDriver, name: str, value: str) -> None:
    """Give the field ``name`` a value: a select's option, else the input's text."""
    field = driver.find_element(By.NAME, name)
    if field.tag_name == "select":
        Select(field).select_by_value(value)
    elif field.get_attribute("type") == "date":  # typed dates depend on the locale
        driver.execute_script("arguments[0].value = arguments[1]", field, value)
    else:
        field.clear()
        field.send_keys(value)


def _add(driver: WebDriver, list_path: str) -> None:
    driver.find_element(By.NAME, f"{list_path}.add").click()


def _sheet_statuses(driver: WebDriver) -> dict[str, str]:
    """Evaluate, wait for the sheet, and read each level's status from it."""
    frame: WebElement = driver.find_element(By.ID, "sheet")
    before = frame.get_attribute("data-shown")
    driver.find_element(By.ID, "evaluate").click()
    _wait(driver, lambda d: frame.get_attribute("data-shown") != before
          or d.find_element(By.ID, "problems").is_displayed(), "a sheet or a problem")
    problems = driver.find_element(By.ID, "problems")
    assert not problems.is_displayed(), problems.text
    driver.switch_to.frame(frame)
    try:
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "article.level"),
              "the sheet is shown")
        return {a.get_attribute("data-level") or "": a.get_attribute("data-status") or ""
                for a in driver.find_elements(By.CSS_SELECTOR, "article.level")}
    finally:
        driver.switch_to.default_content()


def _choose(driver: WebDriver) -> None:
    _set(driver, "pack", "shanghai")
    as_of = driver.find_element(By.ID, "as_of")
    driver.execute_script("arguments[0].value = arguments[1]", as_of, DAY)


def test_the_form_gives_the_decision_sheet(service: str, browser: WebDriver) -> None:
    """Filled field by field with the README's candidate, labelled in Chinese: the sheet
    says 特级技师 eligible in Shanghai on 2026-07-01, as baji.evaluate does; with one
    attestation left unknown it says undetermined (an untouched field is left out, never
    taken as false; a list is 'none' only when said so)."""
    _open(browser, service)
    form = browser.find_element(By.ID, "profile-form").text
    assert "仍从事本职业（工种）工作" in form and "具有适应工作岗位需要的身体条件" in form
    assert "still_in_occupation" not in form and "physically_fit" not in form
    _choose(browser)
    _add(browser, "grades")
    levels = Select(browser.find_element(By.NAME, "grades[0].level")).options
    # one option per level (its Chinese name shown with it), not a level per branch of
    # the schema, nor the Chinese names again as options of their own
    assert [o.get_attribute("value") for o in levels][1:] == sorted(lv.value for lv in baji.Level)
    _set(browser, "grades[0].level", "senior_technician")
    _add(browser, "grades[0].posts")
    _set(browser, "grades[0].posts[0].start", "2025-06-08")
    _add(browser, "honours")
    _set(browser, "honours[0].id", "全国技术能手")
    for name in ("still_in_occupation", "in_post_employee", "employer.filed_institution",
                 "employer.pilot"):
        _set(browser, name, "true")
    _set(browser, "employer.filing", "municipal")
    _set(browser, "awards.known", "none")
    _set(browser, "findings.known", "none")
    for name in README["attestations"]:
        if name != "physically_fit":
            _set(browser, f"attestations.{name}", "true")
    assert _sheet_statuses(browser)["special_technician"] == "undetermined"
    _set(browser, "attestations.physically_fit", "true")
    statuses = _sheet_statuses(browser)
    assert statuses["special_technician"] == "eligible"
    assert statuses["chief_technician"] == "ineligible"
    # In English: the labels change in place, what was filled in stays, the sheet follows.
    _set(browser, "lang", "en")
    form = browser.find_element(By.ID, "profile-form").text
    assert "Physically fit for the post" in form and "具有适应工作岗位需要的身体条件" not in form
    field = browser.find_element(By.NAME, "attestations.physically_fit")
    assert Select(field).first_selected_option.get_attribute("value") == "true"
    assert _sheet_statuses(browser)["special_technician"] == "eligible"
    browser.switch_to.frame(browser.find_element(By.ID, "sheet"))
    try:
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    finally:
        browser.switch_to.default_content()


def test_pasted_json_and_yaml_give_the_decision_sheet(service: str, browser: WebDriver) -> None:
    """The same candidate pasted as JSON, then as YAML (read by the service): the same
    sheet; a bad field comes back as the service's located problem."""
    _open(browser, service)
    _choose(browser)
    browser.find_element(By.CSS_SELECTOR, "input[name=mode][value=json]").click()
    text = browser.find_element(By.ID, "text")
    text.send_keys(json.dumps(README, ensure_ascii=False))
    assert _sheet_statuses(browser)["special_technician"] == "eligible"
    browser.find_element(By.CSS_SELECTOR, "input[name=mode][value=yaml]").click()
    text.clear()
    text.send_keys(yaml.safe_dump(README, allow_unicode=True, sort_keys=False))
    assert _sheet_statuses(browser)["special_technician"] == "eligible"
    text.clear()
    text.send_keys("grades:\n- level: 高级技工\n")
    browser.find_element(By.ID, "evaluate").click()
    problems = _wait(browser, lambda d: d.find_element(By.ID, "problems").is_displayed()
                     and d.find_element(By.ID, "problems"), "the problem is shown")
    assert "$.grades[0].level" in problems.text and "高级技工" in problems.text


def test_the_playground_works_under_a_prefix_without_the_slash(prefixed: str,
                                                               browser: WebDriver) -> None:
    """Behind a reverse proxy under ``/baji``, with ``--root-path /baji``: the page opened
    as ``/baji`` (no slash) loads its script and style and calls the service under the
    prefix (its relative addresses went to ``/playground/...`` and ``/v1/...``: a bare
    page, no form)."""
    _open(browser, prefixed)
    assert browser.current_url.endswith("/baji")
    _choose(browser)
    browser.find_element(By.CSS_SELECTOR, "input[name=mode][value=json]").click()
    browser.find_element(By.ID, "text").send_keys(json.dumps(README, ensure_ascii=False))
    assert _sheet_statuses(browser)["special_technician"] == "eligible"


def test_the_page_addresses_follow_the_root_path() -> None:
    from baji.server.playground import page_html

    assert b'href="./playground/playground.css"' in page_html("")
    assert b'src="/baji/playground/playground.js"' in page_html("/baji/")
    assert b'content="/a&quot;b"' in page_html('/a"b')  # never markup


def test_the_playground_ships_inside_the_package() -> None:
    """The page, script and style are package data, and nothing in them is fetched from
    elsewhere (no scheme, no protocol-relative address)."""
    folder = Path(__import__("baji.server", fromlist=["x"]).__file__).parent / "static"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["index.html", "playground.css", "playground.js"]
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and '"//' not in text, path
