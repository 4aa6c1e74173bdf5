"""The website chat in a real browser, against the real assistant.

Headless Chromium (Debian's, installed by scripts/ensure-browser.sh; Playwright downloads no browser)
opens the chat page that the Rasa server's webchat channel serves (channels/webchat.py, web/) and a
customer makes a whole complaint with buttons and typing, reloads the page mid-way and at the end,
and keeps the conversation. Further tests: what a customer types is shown literally, never as HTML;
keyboard only works; an unreachable server says so; the one-tag embedding on another site works;
text at 200% still fits. Screenshots go to test-artifacts/ (git-ignored).

The clock is fixed at Tuesday 22 December 2026, 10:00 (Europe/London).
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.servers import ROOT, free_port, running_assistant

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
WEB = ROOT / "web"
REFERENCE = re.compile(r"\b[A-Z]{2,3}-[0-9A-HJKMNP-TV-Z]{6}\b")
HOSTILE = "<b>bold</b><img src=x onerror=alert(1)>"
REPLY_SECONDS = 60  # the first turns load the model's components; later ones take about a second
QUIET_SECONDS = 1.0  # a turn's replies arrive together; this long with nothing new ends the turn


# ---- the page's files (no servers) ---------------------------------------------------------------


def test_the_vendored_socket_io_client_is_the_locked_version():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    locked = lock["packages"]["node_modules/socket.io-client"]["version"]
    banner = (WEB / "vendor" / "socket.io.min.js").read_text()[:200]
    assert f"Socket.IO v{locked}\n" in banner, (locked, banner)
    assert json.loads((ROOT / "package.json").read_text())["dependencies"] == {
        "socket.io-client": locked
    }


def test_the_page_fetches_nothing_from_other_sites_and_never_parses_html():
    for path in WEB.rglob("*"):
        if path.is_file() and path.parent.name != "vendor":
            text = path.read_text()
            assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), path
            assert "cdn" not in text.lower(), path
    script = (WEB / "chat.js").read_text()
    for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert risky not in script, risky


# ---- a browser and a running assistant -------------------------------------------------------------


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-chat")
    env = {
        "COMPLAINTS_NOW": "2026-12-22T10:00",
        "DATABASE_URL": f"sqlite:///{folder / 'cases.db'}",
    }
    with running_assistant(folder, env) as running:
        running.tracker_db = folder / "tracker.db"
        yield running


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(
        viewport={"width": 960, "height": 1000}, locale="en-GB", timezone_id="Europe/London"
    )
    opened = context.new_page()
    opened.dialogs = []
    opened.accept_dialogs = False

    def answer(dialog) -> None:
        opened.dialogs.append(dialog.message)
        if opened.accept_dialogs:
            dialog.accept()
        else:
            dialog.dismiss()

    opened.on("dialog", answer)
    try:
        yield opened
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):  # a picture of how each test ended, if there is one
            opened.screenshot(path=str(ARTIFACTS / f"web-chat-{request.node.name}.png"))
        context.close()


def chat_url(assistant, provider: str) -> str:
    return f"{assistant.rasa_url}/webhooks/webchat/?provider={provider}"


def bot_messages(page) -> list[str]:
    return page.locator(".cc-msg--bot .cc-bubble").all_text_contents()


def transcript(page) -> list[str]:
    return page.locator(".cc-log .cc-msg").all_text_contents()


def wait_for_replies(page, before: int) -> list[str]:
    """Wait for the assistant's replies to one turn; return them."""
    page.wait_for_function(
        "n => document.querySelectorAll('.cc-msg--bot').length > n",
        arg=before,
        timeout=REPLY_SECONDS * 1000,
    )
    count = len(bot_messages(page))
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < QUIET_SECONDS:
        time.sleep(0.1)
        now = len(bot_messages(page))
        if now != count:
            count, quiet_since = now, time.monotonic()
    return bot_messages(page)[before:]


def say(page, text: str) -> list[str]:
    """The customer types a message and presses Enter; the assistant's replies."""
    before = len(bot_messages(page))
    box = page.get_by_label("Type your message")
    box.fill(text)
    box.press("Enter")
    return wait_for_replies(page, before)


def choose(page, title: str) -> list[str]:
    """The customer clicks one of the answer buttons; the assistant's replies."""
    before = len(bot_messages(page))
    page.get_by_role("button", name=title, exact=True).click()
    return wait_for_replies(page, before)


def open_chat(page, url: str) -> list[str]:
    """Open the page and wait for the assistant's greeting."""
    page.goto(url)
    return wait_for_replies(page, 0)


def user_events(tracker_db: Path, sender_id: str) -> int:
    with sqlite3.connect(tracker_db) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (sender_id,)
        ).fetchone()
    return count


def session_id(page) -> str:
    return page.evaluate(
        "() => Object.keys(sessionStorage).filter(k => k.includes(':session:'))"
        ".map(k => sessionStorage.getItem(k))[0]"
    )


# ---- the tests -------------------------------------------------------------------------------------


@pytest.mark.servers
def test_a_whole_complaint_in_the_browser_survives_reloads(assistant, page):
    from playwright.sync_api import expect

    greeting = open_chat(page, chat_url(assistant, "infinity-group"))
    assert any("Infinity Group" in g for g in greeting), greeting
    expect(page.locator(".cc-title")).to_have_text("Infinity Group")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    log = page.get_by_role("log")
    assert log.get_attribute("aria-live") == "polite"

    say(page, "I want to make a complaint")
    choose(page, "Billing")
    say(page, "I was charged twice for my broadband in December, £42.10 each time")
    say(page, "Jane Doe")
    say(page, "jane.doe@example.co.uk")
    say(page, "07700 900123")
    say(page, "TN1 2PY")
    expect(page.get_by_role("button", name="Email", exact=True)).to_be_visible()

    # Reload in the middle of the form: the conversation is shown again, with the answer buttons,
    # and the same session goes on in Rasa (the form carries on where it was).
    session = session_id(page)
    before_reload = transcript(page)
    page.reload()
    expect(page.locator(".cc-log .cc-msg")).to_have_count(len(before_reload))
    assert transcript(page) == before_reload
    page.wait_for_function("() => !document.querySelector('.cc-notice:not([hidden])')")
    time.sleep(0.5)  # the socket's session_request/confirm after reconnecting
    assert session_id(page) == session

    choose(page, "Email")
    choose(page, "Consumer")
    say(page, "skip")
    summary = say(page, "none")
    assert any("Jane Doe" in s and "TN1 2PY" in s for s in summary), summary
    replies = choose(page, "Yes, log it")
    text = "\n".join(replies)
    assert REFERENCE.search(text), replies
    assert "Thursday 31 December 2026" in text, replies
    assert REFERENCE.fullmatch(page.locator(".cc-reference").last.text_content())
    # One session in Rasa's tracker: the greeting and the customer's 12 answers, none lost or doubled
    # by the reload.
    assert user_events(assistant.tracker_db, session) == 13

    # Reload at the end: everything is still there, and the same session answers the next question.
    finished = transcript(page)
    page.reload()
    expect(page.locator(".cc-log .cc-msg")).to_have_count(len(finished))
    assert transcript(page) == finished
    assert REFERENCE.search("\n".join(transcript(page)))
    page.wait_for_function("() => !document.querySelector('.cc-notice:not([hidden])')")
    time.sleep(0.5)
    assert session_id(page) == session
    events = user_events(assistant.tracker_db, session)
    assert any("31 December 2026" in r for r in say(page, "how long will you take to reply?"))
    assert user_events(assistant.tracker_db, session) == events + 1

    # The picture for people: the reference and the dates at the top of the conversation.
    page.locator(".cc-msg--bot", has_text=REFERENCE).last.evaluate(
        "el => { const log = el.parentElement; log.scrollTop +="
        " el.getBoundingClientRect().top - log.getBoundingClientRect().top - 8; }"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-chat.png"))
    assert page.dialogs == []


@pytest.mark.servers
def test_what_the_customer_types_is_shown_literally_never_as_html(assistant, page):
    open_chat(page, chat_url(assistant, "invictanet"))
    say(page, "I want to make a complaint")
    choose(page, "Billing")
    say(page, HOSTILE)
    mine = page.locator(".cc-msg--user .cc-bubble").all_text_contents()
    assert mine[-1] == HOSTILE
    # The assistant reads it back in the summary: shown literally there too.
    for answer in ("Sam Lee", "sam.lee@example.co.uk", "skip", "SW1A 1AA"):
        say(page, answer)
    choose(page, "Email")
    choose(page, "Consumer")
    say(page, "skip")
    summary = "\n".join(say(page, "none"))
    assert HOSTILE in summary, summary
    assert page.locator(".cc-log b, .cc-log img").count() == 0
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert page.dialogs == []


@pytest.mark.servers
def test_keyboard_only_sends_messages_and_presses_answer_buttons(assistant, page):
    open_chat(page, chat_url(assistant, "infinium"))
    box = page.get_by_label("Type your message")
    for _ in range(10):  # Tab from the top of the page to the message box
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    assert box.evaluate("el => el === document.activeElement"), "Tab never reached the message box"
    before = len(bot_messages(page))
    page.keyboard.type("I want to make a complaint")
    page.keyboard.press("Enter")
    wait_for_replies(page, before)
    assert page.locator(".cc-msg--user .cc-bubble").last.text_content() == (
        "I want to make a complaint"
    )
    assert box.evaluate("el => el === document.activeElement"), "focus left the message box"

    # The answer buttons come just before the message box: Shift+Tab back to "Billing", Enter.
    focused_text = "() => document.activeElement && document.activeElement.textContent"
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate(focused_text) == "Billing":
            break
    assert page.evaluate("() => document.activeElement.tagName") == "BUTTON"
    assert page.evaluate(focused_text) == "Billing"
    before = len(bot_messages(page))
    page.keyboard.press("Enter")
    wait_for_replies(page, before)
    assert page.locator(".cc-msg--user .cc-bubble").last.text_content() == "Billing"
    # The buttons are gone once answered, and focus is back in the message box.
    assert page.locator(".cc-replies").count() == 0
    assert box.evaluate("el => el === document.activeElement")


@pytest.mark.servers
def test_new_conversation_forgets_this_one_and_starts_afresh(assistant, page):
    open_chat(page, chat_url(assistant, "infinium"))
    say(page, "how long will you take to reply?")
    first = session_id(page)
    page.accept_dialogs = True
    page.get_by_role("button", name="New conversation").click()
    greeting = wait_for_replies(page, 0)
    assert any("Infinium" in g for g in greeting), greeting
    assert page.dialogs == ["Start a new conversation? This one will be cleared from this page."]
    assert page.locator(".cc-msg--user").count() == 0
    assert session_id(page) not in (None, first)
    stored = page.evaluate(
        "() => Object.keys(sessionStorage).filter(k => k.includes(':transcript:'))"
    )
    assert stored == [f"complaints-chat:transcript:{session_id(page)}"]
    assert page.get_by_label("Type your message").evaluate("el => el === document.activeElement")


@pytest.mark.servers
def test_where_this_comes_from_shows_the_codes_words_and_todays_details(assistant, page):
    """Under a factual answer, on request: the document, its quoted words, and where today's
    rules differ (issue 14; outside compliance review: Infinium's escalation answer gave CISAS's
    old address with no word that it is out of date)."""
    from playwright.sync_api import expect

    open_chat(page, chat_url(assistant, "infinium"))
    replies = say(page, "who can I go to if you can't sort my complaint out?")
    assert any("How to reach it today: phone 020 7520 3827" in r for r in replies), replies
    answer = page.locator(".cc-msg--bot").filter(has_text="How to reach it today").last
    box = answer.locator("details.cc-sources")
    expect(box).to_have_count(1)
    quote = box.locator(".cc-source__quote").first
    expect(quote).to_be_hidden()  # shown on request only
    box.get_by_text("Where this comes from").click()
    expect(quote).to_be_visible()
    expect(box.locator(".cc-source__where").first).to_have_text("Infinium's Code of Practice")
    expect(quote).to_contain_text("24 Angel Gate")
    today = box.locator(".cc-source__today").first
    expect(today).to_contain_text("020 7520 3827")
    expect(today).to_contain_text("postal address for it is out of date")
    # The answer itself never gives the old address as current.
    assert "Angel Gate" not in answer.locator(".cc-bubble").inner_text()


@pytest.mark.servers
def test_the_page_holds_a_session_id_the_server_issued_and_a_chosen_one_is_replaced(
    assistant, page
):
    open_chat(page, chat_url(assistant, "infinium"))
    issued = session_id(page)
    assert re.fullmatch(r"[0-9a-f]{64}", issued), issued
    # A session id put in the tab by something other than the server (a script, a link): the
    # server does not accept it; the page gets a new session of its own and greets afresh.
    page.evaluate(
        "() => { const k = Object.keys(sessionStorage).find(k => k.includes(':session:'));"
        " sessionStorage.setItem(k, 'customer-session-chosen-0001'); }"
    )
    page.reload()
    greeting = wait_for_replies(page, 0)
    assert any("Infinium" in g for g in greeting), greeting
    replaced = session_id(page)
    assert re.fullmatch(r"[0-9a-f]{64}", replaced) and replaced != issued, replaced
    assert user_events(assistant.tracker_db, "customer-session-chosen-0001") == 0


class ShopSite:
    """Another website on its own origin, embedding the chat with one element and one script tag."""

    def __init__(self, html: str) -> None:
        body = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server interface
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ShopSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def embedding_page(provider: str, server: str, script: str) -> str:
    # The snippet in docs/channels.md, as a provider's web team would paste it.
    return f"""<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Our shop: contact us</title></head>
<body><h1>Contact us</h1>
<div id="complaints-chat" data-provider="{provider}" data-server="{server}"></div>
<script src="{script}"></script>
</body></html>"""


@pytest.fixture
def shop(assistant) -> Iterator[Callable[..., str]]:
    sites: list[ShopSite] = []

    def open_site(server: str, provider: str = "invictanet") -> str:
        site = ShopSite(
            embedding_page(provider, server, f"{assistant.rasa_url}/webhooks/webchat/chat.js")
        )
        sites.append(site.__enter__())
        return site.url

    yield open_site
    for site in sites:
        site.__exit__()


@pytest.mark.servers
def test_embedded_on_another_site_with_one_tag_it_talks_to_the_assistant(assistant, page, shop):
    from playwright.sync_api import expect

    greeting = open_chat(page, shop(assistant.rasa_url))
    assert any("Invictanet" in g for g in greeting), greeting
    expect(page.locator(".cc-title")).to_have_text("Invictanet")
    replies = say(page, "how long will you take to reply?")
    assert "We will reply by Wednesday 23 December 2026 (1 working day)." in replies


@pytest.mark.servers
def test_an_unreachable_server_is_told_plainly(assistant, page, shop):
    from playwright.sync_api import expect

    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    page.goto(shop(closed))
    notice = page.get_by_role("alert")
    expect(notice).to_be_visible(timeout=20_000)
    expect(notice).to_contain_text("can't reach the complaints assistant")
    box = page.get_by_label("Type your message")
    box.fill("hello?")
    box.press("Enter")
    expect(notice).to_contain_text("has not been sent")
    assert box.input_value() == "hello?"  # nothing the customer typed is lost
    assert page.locator(".cc-msg--user").count() == 0


@pytest.mark.servers
def test_text_at_twice_the_size_still_fits(assistant, page):
    open_chat(page, chat_url(assistant, "infinity-system-solutions"))
    say(page, "I want to make a complaint")
    # As a browser's text size setting does (the page's CSP refuses an injected stylesheet).
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    for name in ("Something else", "Send"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280, (name, box)
    clipped = page.evaluate(
        "() => [...document.querySelectorAll('.cc-bubble, .cc-reply, .cc-title, .cc-label')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"
    )
    assert clipped == []


# ---- a chat page customers can keep (issue 19) -----------------------------------------------------
#
# Each test below fails on the page before issue 19: no reference card or record, a one-line box
# that cut a pasted message at 4,000 characters, a notice with no other way to reach the provider,
# a 36 px "New conversation", answer buttons that focus the message box, a header that scrolled
# away above a phone's keyboard, and a typing indicator gone after a reply's first part.

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 960, "height": 1000}}
INFINIUM_DATES = {
    "Acknowledgement: first response to your correspondence": "Tuesday 29 December 2026",
    "Full reply to your complaint": "Friday 8 January 2027",
}
INFINIUM_HEDGES = {
    "Acknowledgement: first response to your correspondence": (
        " (our code states this as an aim, not a promise)"
    ),
    "Full reply to your complaint": " (our code states this as a guideline, not a promise)",
}
DESCRIPTION = "I was charged twice for my broadband in December.\nBoth charges were £42.10."


@pytest.fixture
def new_page(browser, request) -> Iterator[Callable[..., object]]:
    """Pages in fresh contexts (a desktop or a phone), with a screenshot of each at the end."""
    contexts = []

    def open_page(device: dict, **options):
        context = browser.new_context(
            locale="en-GB", timezone_id="Europe/London", **device, **options
        )
        contexts.append(context)
        opened = context.new_page()
        opened.dialogs = []
        opened.on(
            "dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss())
        )
        return opened

    yield open_page
    ARTIFACTS.mkdir(exist_ok=True)
    for number, context in enumerate(contexts):
        for opened in context.pages:
            with contextlib.suppress(Exception):
                opened.screenshot(
                    path=str(ARTIFACTS / f"web-chat-{request.node.name}-{number}.png")
                )
        context.close()


def log_a_complaint(page, description: str = DESCRIPTION) -> list[str]:
    """A consumer's billing complaint, answered as the first test answers it; the replies to
    "Yes, log it"."""
    say(page, "I want to make a complaint")
    choose(page, "Billing")
    for answer in (description, "Jane Doe", "jane.doe@example.co.uk", "07700 900123", "TN1 2PY"):
        say(page, answer)
    choose(page, "Email")
    choose(page, "Consumer")
    say(page, "skip")
    say(page, "none")
    return choose(page, "Yes, log it")


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? e.tagName + ':' + (e.textContent || '').trim() : ''; }"
    )


@pytest.mark.servers
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_reference_is_pinned_with_copy_and_a_record_to_save_or_print(
    assistant, new_page, device
):
    from playwright.sync_api import expect

    page = new_page(DESKTOP if device == "desktop" else PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_chat(page, chat_url(assistant, "infinium"))
    card = page.get_by_role("region", name="Your complaint reference")
    expect(card).to_be_hidden()
    replies = log_a_complaint(page)
    reference = REFERENCE.search("\n".join(replies)).group(0)

    # The card: pinned above the conversation (not in the scrolling log), the reference whole.
    expect(card).to_be_visible()
    expect(card.locator(".cc-card-reference")).to_have_text(reference)
    assert page.locator(".cc-log .cc-card").count() == 0
    # Announced to screen readers, politely, once.
    expect(page.get_by_role("status")).to_contain_text(f"Your reference is {reference}")
    # A double-click selects all of it, not the part before the hyphen.
    card.locator(".cc-card-reference").dblclick()
    assert page.evaluate("() => window.getSelection().toString().trim()") == reference

    # What happens next and the two dates, each with its label as Infinium's code words it.
    if device == "phone":
        # Folded on a phone, so the conversation keeps its room; a 44 px target to open it.
        summary = card.get_by_text("What happens next, and when")
        assert summary.bounding_box()["height"] >= 44
        summary.tap()
    for label, date in INFINIUM_DATES.items():
        term = card.locator("dt", has_text=label)
        expect(term).to_be_visible()
        # With the code's strength: an aim and a guideline, never plain promises (H4).
        assert term.locator("xpath=following-sibling::dd[1]").text_content() == (
            date + INFINIUM_HEDGES[label]
        )
    expect(card).to_contain_text("Customer Services")

    # Keyboard only: from the message box back to "Copy reference", Enter copies it (past every
    # button the conversation has shown since: the replies after logging now offer some too).
    page.get_by_label("Type your message").focus()
    for _ in range(60):
        page.keyboard.press("Shift+Tab")
        if focused(page) == "BUTTON:Copy reference":
            break
    assert focused(page) == "BUTTON:Copy reference"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(f"Reference {reference} copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == reference

    # "Save or print my complaint": a clean page, focus on its heading.
    page.keyboard.press("Tab")
    assert focused(page) == "BUTTON:Save or print my complaint"
    page.keyboard.press("Enter")
    record = page.get_by_role("dialog", name=f"Your complaint: {reference}")
    expect(record).to_be_visible()
    assert focused(page) == f"H1:Your complaint: {reference}"
    text = record.text_content()
    assert "Both charges were £42.10." in text  # the customer's words, as written
    assert record.locator(".cc-record-words").text_content() == DESCRIPTION
    for label, date in INFINIUM_DATES.items():
        assert f"{label}{date}" in text, (label, text)
    # Every date with its source: the code's own sentence.
    for quote in _infinium_quotes():
        assert f"Source: Infinium's Code of Practice: “{quote}”" in text
    assert "Step 1: Customer Services Department" in text  # the escalation route
    assert "Source: Infinium's Code of Practice: “If your complaint is not resolved" in text
    assert "you may take your complaint to CISAS" in text  # ADR rights, with their sources
    assert "Today's rules for UK communications providers" in text
    assert "Phone01253 353537" in text  # how to reach Infinium, from its code
    for internal in ("None", "undefined", "null", "{", "_"):
        assert internal not in text.replace("jane.doe", ""), internal
    ARTIFACTS.mkdir(exist_ok=True)
    record.screenshot(path=str(ARTIFACTS / f"web-chat-record-{device}.png"))

    # Printing gives the record alone: no chat, no message box, no buttons.
    page.emulate_media(media="print")
    expect(record).to_be_visible()
    expect(page.get_by_label("Type your message")).to_be_hidden()
    expect(page.locator(".cc-page-main")).to_be_hidden()
    expect(record.locator(".cc-record-bar")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / f"web-chat-record-print-{device}.png"), full_page=True)
    page.emulate_media(media="screen")

    # A copy to keep as a file.
    with page.expect_download() as download:
        record.get_by_role("button", name="Download a copy (text file)").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert reference in saved and DESCRIPTION in saved
    assert "Full reply to your complaint: Friday 8 January 2027" in saved

    # Escape goes back to the chat, focus where it was.
    page.keyboard.press("Escape")
    expect(record).to_be_hidden()
    assert focused(page) == "BUTTON:Save or print my complaint"

    # Printing the chat page itself never gives the message box.
    page.emulate_media(media="print")
    expect(page.get_by_label("Type your message")).to_be_hidden()
    expect(card.locator(".cc-card-reference")).to_be_visible()
    page.emulate_media(media="screen")

    # A reload keeps the card.
    page.reload()
    expect(card.locator(".cc-card-reference")).to_have_text(reference)
    assert page.dialogs == []


def _infinium_quotes() -> list[str]:
    from bot.provider_codes import get_code

    return [c.quote for c in get_code("infinium").commitments_for("chat")]


@pytest.mark.servers
def test_a_long_message_has_room_a_count_and_is_never_cut(assistant, page):
    from playwright.sync_api import expect

    open_chat(page, chat_url(assistant, "invictanet"))
    box = page.get_by_label("Type your message")
    one_line = box.bounding_box()["height"]
    count = page.locator(".cc-count")

    # Shift+Enter breaks a line and sends nothing; the box grows with the lines.
    box.focus()
    page.keyboard.type("My broadband drops every evening.")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("It has done so since 1 December.")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("Three engineers have been.")
    assert page.locator(".cc-msg--user").count() == 0
    assert box.input_value().count("\n") == 2
    assert box.bounding_box()["height"] >= one_line + 40  # two more lines of 24 px
    expect(count).to_be_hidden()  # no count while far from the limit
    # Enter sends all three lines as one message.
    before = len(bot_messages(page))
    page.keyboard.press("Enter")
    wait_for_replies(page, before)
    assert page.locator(".cc-msg--user .cc-bubble").last.text_content() == (
        "My broadband drops every evening.\nIt has done so since 1 December.\n"
        "Three engineers have been."
    )
    assert box.input_value() == ""
    assert box.bounding_box()["height"] == pytest.approx(one_line, abs=1)

    # Near the limit (channels/limits.py: 5,000 by default), a count, announced once.
    words = ("The router loses its connection again and again. " * 200)[:4200]
    box.fill(words)
    expect(count).to_have_text("4,200 of 5,000 characters")
    expect(page.get_by_role("status")).to_have_text(
        "You have used 4,200 of the 5,000 characters a message can hold."
    )
    assert count.get_attribute("id") in box.get_attribute("aria-describedby")
    assert box.bounding_box()["height"] < 400  # grows to a few lines, then scrolls

    # Pasting 6,000 characters: kept whole, a clear warning, and nothing sent or cut.
    pasted = ("The router loses its connection again and again. " * 200)[:6000]
    box.fill(pasted)
    assert box.input_value() == pasted
    warning = page.get_by_role("alert").filter(has_text="Nothing has been cut")
    expect(warning).to_have_text(
        "Your message is 6,000 characters long; one message can hold 5,000. Nothing has been cut "
        "or sent: please shorten it by 1,000 characters, or send it in two parts."
    )
    expect(count).to_have_text("6,000 of 5,000 characters")
    assert box.get_attribute("aria-invalid") == "true"
    box.press("Enter")
    assert box.input_value() == pasted
    assert page.locator(".cc-msg--user").count() == 1
    # Shortened to the limit, the warning goes and the message can go.
    box.fill(pasted[:5000])
    expect(warning).to_be_hidden()
    assert box.get_attribute("aria-invalid") is None


@pytest.mark.servers
def test_an_unreachable_server_gives_the_providers_phone_and_email(assistant, page, shop):
    from playwright.sync_api import expect

    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    page.goto(shop(closed, provider="invictanet"))
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("can't reach the complaints assistant", timeout=20_000)
    # From Invictanet's code: its phone number and its complaints e-mail address.
    expect(notice).to_contain_text("0333 101 4400")
    expect(notice).to_contain_text("complaints@invictanet.com")
    expect(notice).not_to_contain_text("check your internet")
    box = page.get_by_label("Type your message")
    box.fill("hello?")
    box.press("Enter")
    expect(notice).to_contain_text("has not been sent")
    expect(notice).to_contain_text("complaints@invictanet.com")


@pytest.mark.servers
def test_on_a_phone_new_conversation_is_a_44px_target(assistant, new_page):
    page = new_page(PHONE)
    open_chat(page, chat_url(assistant, "infinity-group"))
    box = page.get_by_role("button", name="New conversation").bounding_box()
    assert box["height"] >= 44, box
    for button in page.locator(".cc-reply, .cc-send").all():
        assert button.bounding_box()["height"] >= 44


@pytest.mark.servers
def test_on_a_phone_tapping_an_answer_keeps_the_keyboard_closed(assistant, new_page):
    page = new_page(PHONE)
    open_chat(page, chat_url(assistant, "infinity-group"))
    say(page, "I want to make a complaint")
    before = len(bot_messages(page))
    page.get_by_role("button", name="Billing", exact=True).tap()
    wait_for_replies(page, before)
    assert page.locator(".cc-msg--user .cc-bubble").last.text_content() == "Billing"
    # Focus is not in a text field, so no on-screen keyboard opens.
    assert page.evaluate("() => document.activeElement.tagName") not in ("INPUT", "TEXTAREA")


@pytest.mark.servers
def test_on_a_phone_the_header_stays_in_view_above_the_keyboard(assistant, new_page):
    from playwright.sync_api import expect

    # The page asks Chrome for Android to shrink the layout when the keyboard opens (by default only
    # the visible part shrinks, and nothing on the page can stay in view above the keyboard).
    meta = (WEB / "index.html").read_text()
    assert re.search(r'name="viewport" content="[^"]*interactive-widget=resizes-content', meta)

    page = new_page({**PHONE, "viewport": {"width": 375, "height": 667}})  # an iPhone SE's size
    open_chat(page, chat_url(assistant, "infinity-group"))
    expect(page.locator(".cc-title")).to_have_text("Infinity Group")
    box = page.get_by_label("Type your message")
    box.tap()
    # The keyboard and its suggestion bar leave about 360 px; the browser scrolls the box into view.
    page.set_viewport_size({"width": 375, "height": 360})
    box.evaluate("el => el.scrollIntoView({block: 'end'})")
    header = page.locator(".cc-header").bounding_box()
    assert header["y"] >= 0 and header["y"] + header["height"] <= 360, header
    assert box.bounding_box()["y"] + box.bounding_box()["height"] <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-chat-phone-keyboard.png"))


# Records, as each of the assistant's messages is put on the page, whether "the assistant is
# writing" was showing (synchronously: chat.js adds messages with appendChild).
TYPING_WHEN_ADDED = """
window.typingWhenAdded = [];
const append = Node.prototype.appendChild;
Node.prototype.appendChild = function (child) {
  const result = append.call(this, child);
  if (child.classList && child.classList.contains('cc-msg--bot') && this.isConnected) {
    const typing = document.querySelector('.cc-typing');
    window.typingWhenAdded.push(Boolean(typing && !typing.hidden));
  }
  return result;
};
"""


@pytest.mark.servers
def test_on_a_phone_the_typing_indicator_stays_until_the_last_part(assistant, new_page):
    from playwright.sync_api import expect

    page = new_page(PHONE)
    page.add_init_script(TYPING_WHEN_ADDED)
    open_chat(page, chat_url(assistant, "infinium"))
    page.evaluate("() => { window.typingWhenAdded = []; }")
    replies = say(page, "how long will you take to reply?")
    assert len(replies) >= 3, replies  # an introduction and Infinium's two dates
    shown = page.evaluate("() => window.typingWhenAdded")
    assert len(shown) == len(replies)
    assert all(shown), shown  # still showing as each part came, the last included
    expect(page.locator(".cc-typing")).to_be_hidden()  # and gone once the turn is over
