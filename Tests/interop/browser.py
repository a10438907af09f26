"""The web UI in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium):

  browser.py URL ADMIN_KEY VIEWER_KEY SCREENSHOTS_DIR SLO_ID DEPLOYMENT_ID

Signs in through the form, visits every page, and checks each: no console errors, one <h1> and
headings in order, every form field labelled, every image with alt text, every control reachable
by keyboard. The overview's budget gauge must show what /api/v1/slos/{id}/status answers. A
viewer's session reads the pages; a change forged from its cookie is refused. Writes a
screenshot of every page. Prints one JSON line.
"""
import json
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait

url, admin, viewer, shots, slo, deployment = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]

CHECKS = """
const problems = [];
const h1 = document.querySelectorAll('h1');
if (h1.length !== 1) problems.push('expected one h1, found ' + h1.length);
let previous = 0;
for (const heading of document.querySelectorAll('h1,h2,h3,h4,h5,h6')) {
  const level = Number(heading.tagName[1]);
  if (previous && level > previous + 1) problems.push('heading ' + heading.tagName + ' "' + heading.textContent + '" skips a level');
  previous = level;
}
for (const field of document.querySelectorAll('input:not([type=hidden]),select,textarea')) {
  const labelled = (field.id && document.querySelector('label[for="' + field.id + '"]')) || field.closest('label') || field.getAttribute('aria-label');
  if (!labelled) problems.push('unlabelled field ' + (field.name || field.outerHTML.slice(0, 60)));
}
for (const image of document.querySelectorAll('img')) if (!image.hasAttribute('alt')) problems.push('image without alt ' + image.src);
for (const drawing of document.querySelectorAll('svg')) if (drawing.getAttribute('role') !== 'img' || !drawing.getAttribute('aria-label')) problems.push('svg without a text alternative');
for (const control of document.querySelectorAll('a[href],button,input:not([type=hidden]),select,textarea')) if (control.tabIndex < 0) problems.push('not reachable by keyboard: ' + control.outerHTML.slice(0, 60));
if (!document.documentElement.lang) problems.push('no lang');
return problems;
"""


def browser():
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1400"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def submit(driver, element, arrived):
    """Clicks `element` and waits until the page it leads to has loaded (`arrived` says so): first
    until the page it was on is gone — a form that leads back to its own page (promote) is
    otherwise "arrived" before the server has answered it."""
    element.click()
    WebDriverWait(driver, 15).until(staleness_of(element))
    WebDriverWait(driver, 15).until(lambda d: arrived(d.current_url) and d.execute_script("return document.readyState") == "complete")


def sign_in(driver, key):
    driver.get(url + "/")
    assert driver.current_url.startswith(url + "/ui/sign-in"), driver.current_url
    driver.find_element(By.ID, "key").send_keys(key)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "main button[type=submit]"), lambda current: current == url + "/ui/")


def api(path, key):
    request = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + key})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def visit(driver, name, path, report):
    driver.get(url + path)
    problems = driver.execute_script(CHECKS)
    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    driver.save_screenshot(f"{shots}/{name}.png")
    report["pages"][name] = {"title": driver.title, "problems": problems, "consoleErrors": errors}


report = {"pages": {}}
driver = browser()
try:
    # The sign-in page itself, before anyone signs in.
    visit(driver, "sign-in", "/ui/sign-in", report)
    sign_in(driver, admin)
    services = api("/api/v1/services", admin)
    service = "api-service"
    # The demo's traffic moves the budget both ways (errors spend it, good requests widen it), so
    # the page is read between two answers of the API until it shows one of them: a few tries at most.
    for attempt in range(5):
        before = api(f"/api/v1/slos/{slo}/status", admin)["errorBudget"]["remainingPercent"]
        visit(driver, "overview", "/ui/", report)
        gauge = driver.find_element(By.CSS_SELECTOR, "svg.gauge").get_attribute("data-remaining-percent")
        after = api(f"/api/v1/slos/{slo}/status", admin)["errorBudget"]["remainingPercent"]
        report["gauge"] = {"shown": gauge, "api": ["%.1f" % before, "%.1f" % after], "attempts": attempt + 1}
        if gauge in report["gauge"]["api"]:
            break
    visit(driver, "service", f"/ui/services/{service}", report)
    visit(driver, "slo", f"/ui/slos/{slo}", report)
    visit(driver, "audit", "/ui/audit", report)
    visit(driver, "configuration", "/ui/configuration", report)
    visit(driver, "traces", f"/ui/traces?service={service}&errors=true", report)
    first = driver.find_elements(By.CSS_SELECTOR, "main td a")
    report["errorTraces"] = len(first)
    if first:
        submit(driver, first[0], lambda current: "/ui/traces/" in current)
        visit(driver, "trace", driver.current_url[len(url):], report)
    visit(driver, "logs", "/ui/logs?query=%7Bservice%3D~%22.%2B%22%7D", report)
    # The graph: clicking a node marks what fails with it, as the impact API answers.
    visit(driver, "graph", "/ui/graph", report)
    for failed in ("postgres", "redis"):
        driver.get(url + "/ui/graph")
        submit(driver, driver.find_element(By.CSS_SELECTOR, f'a[data-node="{failed}"]'), lambda current: f"failed={failed}" in current)
        marks = {node.get_attribute("data-node"): node.get_attribute("data-status") for node in driver.find_elements(By.CSS_SELECTOR, "a[data-node]")}
        impact = api(f"/api/v1/graph/impact?failed={failed}", admin)
        report.setdefault("graph", {})[failed] = {
            "down": sorted(name for name, status in marks.items() if status == "down"),
            "degraded": sorted(name for name, status in marks.items() if status == "degraded"),
            "apiDown": sorted(entry["name"] for entry in impact["down"]),
            "apiDegraded": sorted(entry["name"] for entry in impact["degraded"]),
        }
    driver.save_screenshot(f"{shots}/graph-impact.png")
    # A silence made from an alert's row silences it.
    visit(driver, "alerts", "/ui/alerts", report)
    row = next(row for row in driver.find_elements(By.CSS_SELECTOR, "main tr") if "BrowserCheck" in row.text)
    row.find_element(By.CSS_SELECTOR, "input[name=comment]").send_keys("known, checked by the browser test")
    submit(driver, row.find_element(By.CSS_SELECTOR, "button[type=submit]"), lambda current: current == url + "/ui/alerts")
    # The router takes up new silences at its next tick (every second).
    for _ in range(100):
        silenced = [alert["status"] for alert in api('/api/v2/alerts?filter=alertname%3D%22BrowserCheck%22', admin)]
        if silenced and silenced[0]["state"] == "suppressed":
            break
        time.sleep(0.1)
    report["silencedAlert"] = silenced
    # Promote on a paused deployment moves it on.
    visit(driver, "deployment", f"/ui/deployments/{deployment}", report)
    before = api(f"/api/v1/deployments/{deployment}", admin)["phase"]
    submit(driver, driver.find_element(By.CSS_SELECTOR, "button[value=promote]"), lambda current: current == url + f"/ui/deployments/{deployment}")
    report["promote"] = {"before": before, "after": api(f"/api/v1/deployments/{deployment}", admin)["phase"],
                         "shown": driver.find_element(By.ID, "phase").get_attribute("data-phase")}
    # The deployment's page refreshes itself while it is visible.
    driver.get(url + f"/ui/deployments/{deployment}")
    try:
        WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "main").get_attribute("data-refreshed"))
        report["liveRefresh"] = True
    except Exception:
        report["liveRefresh"] = False
    visit(driver, "deployments", "/ui/deployments", report)
    # Keyboard: the skip link is the first stop, and it leads to the content.
    driver.get(url + "/ui/")
    driver.find_element(By.TAG_NAME, "body").send_keys("\t")
    report["firstTabStop"] = driver.switch_to.active_element.text
    # Signing out ends the session.
    submit(driver, driver.find_element(By.CSS_SELECTOR, "header button[type=submit]"), lambda current: "/ui/sign-in" in current)
    driver.get(url + "/ui/")
    report["afterSignOut"] = driver.current_url[len(url):]
finally:
    driver.quit()

# A viewer reads; a change forged with its session cookie is refused.
driver = browser()
try:
    sign_in(driver, viewer)
    cookie = driver.get_cookie("sextant_session")
    report["viewerCookie"] = {"httpOnly": cookie["httpOnly"], "sameSite": cookie.get("sameSite")}
    forged = urllib.request.Request(url + "/api/v1/silences", method="POST", data=b'{"matchers":["alertname=X"],"endsAt":"2099-01-01T00:00:00Z","createdBy":"x","comment":"x"}',
                                    headers={"Cookie": "sextant_session=" + cookie["value"], "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(forged, timeout=30)
        report["forgedChange"] = 200
    except urllib.error.HTTPError as error:
        report["forgedChange"] = error.code
    report["viewerOverview"] = driver.title
    # A viewer is not offered promote; forging it with the viewer's own session and CSRF token is refused.
    driver.get(url + f"/ui/deployments/{deployment}")
    report["viewerOffered"] = len(driver.find_elements(By.CSS_SELECTOR, "button[value=promote]"))
    csrf = driver.find_element(By.CSS_SELECTOR, "input[name=csrf]").get_attribute("value")
    forged = urllib.request.Request(url + f"/ui/deployments/{deployment}/promote", method="POST", data=("csrf=" + csrf).encode(),
                                    headers={"Cookie": "sextant_session=" + cookie["value"], "Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(forged, timeout=30)
        report["viewerPromote"] = 200
    except urllib.error.HTTPError as error:
        report["viewerPromote"] = error.code
finally:
    driver.quit()
print(json.dumps(report))
