/*
 * Complaints chat: the website chat for the complaints assistant.
 *
 * Embed with one element and one script tag (see README.md, "Website chat"), ASSISTANT being the
 * Rasa server's address:
 *   <div id="complaints-chat" data-provider="infinity-group"></div>
 *   <script src="ASSISTANT/webhooks/webchat/chat.js" defer></script>
 *
 * Settings on the element: data-provider (the provider's id; else ?provider= in the page's URL; else
 * the assistant's default), data-server (the Rasa server; default: where this script came from),
 * data-title (the header's title). It talks to Rasa's socket.io channel (session_request /
 * session_confirm, user_uttered / bot_uttered) with session persistence: the session id and the
 * transcript are kept in sessionStorage, so a reload shows the conversation and continues it.
 *
 * After a complaint is logged the assistant sends its record (a `complaint_record` custom payload):
 * the page pins a reference card (reference, Copy, what happens next, the dates) and offers "Save or
 * print my complaint", a summary page with a print stylesheet. The message box grows to several
 * lines (Enter sends, Shift+Enter breaks a line), counts characters near the server's limit and
 * refuses, with a warning, to send more; nothing is ever cut. See docs/web-chat.md.
 *
 * Everything anyone writes is shown with textContent, never parsed as HTML.
 */
(function () {
  "use strict";

  var USER_EVENT = "user_uttered";
  var BOT_EVENT = "bot_uttered";
  var STORAGE_PREFIX = "complaints-chat:";
  var MAX_STORED_MESSAGES = 300;
  var TYPING_TIMEOUT_MS = 20000;
  var TURN_END_EVENT = "bot_turn_end";
  var DEFAULT_MAX_CHARS = 5000; // channels/limits.py's default; providers.json gives the server's
  var COUNT_FROM = 0.8; // the count shows from this share of the limit
  var MAX_BOX_LINES = 8; // the message box grows to this many lines, then scrolls
  var PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

  var script = document.currentScript;
  var assetBase = new URL(".", script && script.src ? script.src : window.location.href).href;
  var instances = 0;

  // ---- small helpers ---------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function storage() {
    try {
      var store = window.sessionStorage;
      var probe = STORAGE_PREFIX + "probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (blocked) {
      // Storage refused (a locked-down browser): keep the conversation for this page view only.
      var memory = {};
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null; },
        setItem: function (k, v) { memory[k] = String(v); },
        removeItem: function (k) { delete memory[k]; }
      };
    }
  }

  function readJSON(store, key, fallback) {
    try {
      var raw = store.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function writeJSON(store, key, value) {
    try {
      store.setItem(key, JSON.stringify(value));
    } catch (full) {
      /* storage full: the conversation goes on, it just will not survive a reload */
    }
  }

  function loadStylesheet() {
    var href = new URL("chat.css", assetBase).href;
    var links = document.querySelectorAll("link[rel=stylesheet]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].href === href) return;
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  // The Socket.IO client, from our own copy, without disturbing a page that has its own `io`.
  var socketIoClient = null;
  function loadSocketIo(done) {
    if (socketIoClient) return done(socketIoClient);
    var previous = window.io;
    var tag = document.createElement("script");
    tag.src = new URL("vendor/socket.io.min.js", assetBase).href;
    tag.onload = function () {
      socketIoClient = window.io;
      if (previous === undefined) {
        try { delete window.io; } catch (e) { window.io = undefined; }
      } else {
        window.io = previous;
      }
      done(socketIoClient);
    };
    tag.onerror = function () { done(null); };
    document.head.appendChild(tag);
  }

  function providerFrom(root) {
    var fromElement = (root.getAttribute("data-provider") || "").trim();
    var fromUrl = (new URLSearchParams(window.location.search).get("provider") || "").trim();
    var provider = fromElement || fromUrl;
    return PROVIDER_ID.test(provider) ? provider : "";
  }

  function serverFrom(root) {
    var configured = (root.getAttribute("data-server") || "").trim();
    try {
      return new URL(configured || assetBase).origin;
    } catch (e) {
      return new URL(assetBase).origin;
    }
  }

  // ---- one chat --------------------------------------------------------------------------------

  function Chat(root) {
    this.root = root;
    this.n = ++instances;
    this.provider = providerFrom(root);
    this.server = serverFrom(root);
    this.store = storage();
    this.sessionKey = STORAGE_PREFIX + "session:" + this.server + "|" + (this.provider || "default");
    this.sessionId = this.store.getItem(this.sessionKey);
    this.state = this.loadTranscript(this.sessionId);
    this.socket = null;
    this.typingTimer = null;
    this.turnPending = false;
    this.maxChars = DEFAULT_MAX_CHARS;
    this.reach = readJSON(this.store, STORAGE_PREFIX + "reach:" + (this.provider || "default"), null);
    this.build();
  }

  Chat.prototype.transcriptKey = function (sessionId) {
    return STORAGE_PREFIX + "transcript:" + sessionId;
  };

  Chat.prototype.loadTranscript = function (sessionId) {
    var empty = { greeted: false, messages: [] };
    if (!sessionId) return empty;
    var state = readJSON(this.store, this.transcriptKey(sessionId), empty);
    if (!state || !Array.isArray(state.messages)) return empty;
    return state;
  };

  Chat.prototype.save = function () {
    if (!this.sessionId) return;
    if (this.state.messages.length > MAX_STORED_MESSAGES) {
      this.state.messages = this.state.messages.slice(-MAX_STORED_MESSAGES);
    }
    writeJSON(this.store, this.transcriptKey(this.sessionId), this.state);
  };

  Chat.prototype.build = function () {
    var id = "cc" + this.n;
    var section = el("section", "cc");
    section.setAttribute("lang", "en-GB");
    section.setAttribute("aria-labelledby", id + "-title");

    var header = el("header", "cc-header");
    var heading = el("div", "cc-heading");
    this.title = el("h2", "cc-title", this.root.getAttribute("data-title") || "Complaints");
    this.title.id = id + "-title";
    this.subtitle = el("p", "cc-subtitle", "Chat with our complaints assistant");
    heading.appendChild(this.title);
    heading.appendChild(this.subtitle);
    header.appendChild(heading);
    this.restartButton = el("button", "cc-restart", "New conversation");
    this.restartButton.type = "button";
    header.appendChild(this.restartButton);
    section.appendChild(header);

    // Connection problems: announced at once, and shown above the conversation.
    this.notice = el("div", "cc-notice");
    this.notice.setAttribute("role", "alert");
    this.notice.hidden = true;
    section.appendChild(this.notice);

    // Polite announcements that are not messages: the reference was pinned, copied; the count.
    this.status = el("p", "cc-visually-hidden");
    this.status.setAttribute("role", "status");
    section.appendChild(this.status);

    // The reference card, pinned above the conversation once a complaint is logged.
    this.card = el("section", "cc-card");
    this.card.id = id + "-card";
    this.card.hidden = true;
    section.appendChild(this.card);

    this.log = el("div", "cc-log");
    this.log.id = id + "-log";
    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "polite");
    this.log.setAttribute("aria-label", "Conversation");
    this.log.tabIndex = 0; // a scrolling region must be reachable to scroll with the keyboard
    section.appendChild(this.log);

    this.typing = el("div", "cc-typing");
    this.typing.setAttribute("aria-hidden", "true");
    this.typing.appendChild(el("span", "cc-dot"));
    this.typing.appendChild(el("span", "cc-dot"));
    this.typing.appendChild(el("span", "cc-dot"));
    this.typing.hidden = true;
    section.appendChild(this.typing);

    var form = el("form", "cc-form");
    form.setAttribute("novalidate", "");
    var label = el("label", "cc-label", "Type your message");
    label.htmlFor = id + "-input";
    // A box that grows with the message; no maxLength, so nothing pasted is ever cut.
    this.input = el("textarea", "cc-input");
    this.input.id = id + "-input";
    this.input.name = "message";
    this.input.rows = 1;
    this.input.autocomplete = "off";
    this.input.setAttribute("enterkeyhint", "send");
    var hint = el("p", "cc-hint",
      "Press Enter to send, Shift+Enter for a new line. Your conversation stays in this tab until you close it.");
    hint.id = id + "-hint";
    this.count = el("p", "cc-count");
    this.count.id = id + "-count";
    this.count.hidden = true;
    this.tooLong = el("p", "cc-too-long");
    this.tooLong.id = id + "-too-long";
    this.tooLong.setAttribute("role", "alert");
    this.tooLong.hidden = true;
    this.input.setAttribute("aria-describedby", hint.id + " " + this.count.id + " " + this.tooLong.id);
    var row = el("div", "cc-row");
    row.appendChild(this.input);
    this.sendButton = el("button", "cc-send", "Send");
    this.sendButton.type = "submit";
    row.appendChild(this.sendButton);
    form.appendChild(label);
    form.appendChild(row);
    form.appendChild(this.tooLong);
    form.appendChild(this.count);
    form.appendChild(hint);
    section.appendChild(form);

    var self = this;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.sendTyped();
    });
    this.restartButton.addEventListener("click", function () { self.restart(); });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        self.sendTyped();
      }
    });
    this.input.addEventListener("input", function () { self.onTyping(); });

    // Re-render the stored conversation before the log is in the document, so a screen reader
    // is not read the whole conversation again after a reload.
    for (var i = 0; i < this.state.messages.length; i++) {
      this.render(this.state.messages[i], i === this.state.messages.length - 1);
    }
    if (this.state.record) this.showRecord(this.state.record, false);
    this.root.textContent = "";
    this.root.appendChild(section);
    this.fitBox();
    this.scrollToEnd();
  };

  Chat.prototype.render = function (message, isLast) {
    var who = message.from === "user" ? "user" : "bot";
    var item = el("div", "cc-msg cc-msg--" + who);
    item.appendChild(el("span", "cc-visually-hidden", who === "user" ? "You said:" : "Assistant said:"));
    item.appendChild(this.bubble(message.text, who));
    if (who === "bot" && Array.isArray(message.sources)) item.appendChild(sourcesBox(message.sources));
    this.log.appendChild(item);
    if (who === "bot" && isLast && Array.isArray(message.replies) && message.replies.length) {
      this.renderReplies(message.replies);
    }
  };

  // A message as text nodes only. A complaint reference (IG-7K3Q9X) is kept on one line and made
  // to stand out, since the customer must keep it.
  Chat.prototype.bubble = function (text, who) {
    var bubble = el("p", "cc-bubble");
    var reference = /\b[A-Z]{2,3}-[0-9A-HJKMNP-TV-Z]{6}\b/g;
    var at = 0;
    var match;
    text = String(text);
    while (who === "bot" && (match = reference.exec(text)) !== null) {
      bubble.appendChild(document.createTextNode(text.slice(at, match.index)));
      bubble.appendChild(el("strong", "cc-reference", match[0]));
      at = match.index + match[0].length;
    }
    bubble.appendChild(document.createTextNode(text.slice(at)));
    return bubble;
  };

  // ---- where an answer comes from (issue 14) ---------------------------------------------------
  // Each factual answer is followed by its sources (the message's custom payload: REST puts it under
  // "custom", Rasa's socket.io channel sends its fields as they are). They are shown on request,
  // under the answer: the document and its date, the quoted words, and where today's rules differ.

  function sourcesOf(data) {
    if (Array.isArray(data.sources)) return data.sources;
    if (data.custom && Array.isArray(data.custom.sources)) return data.custom.sources;
    return null;
  }

  function sourcesBox(sources) {
    var box = el("details", "cc-sources");
    box.appendChild(el("summary", "cc-sources__title", "Where this comes from"));
    sources.forEach(function (s) {
      if (!s || typeof s !== "object") return;
      var where = String(s.source || s.document || "");
      if (s.section) where += ", " + s.section;
      var dates = [];
      if (s.applies_from) dates.push("from " + s.applies_from);
      if (s.applies_until) dates.push("until " + s.applies_until);
      if (dates.length) where += " (" + dates.join(" ") + ")";
      var item = el("div", "cc-source");
      item.appendChild(el("p", "cc-source__where", where));
      if (s.quote) item.appendChild(el("blockquote", "cc-source__quote", "\u201c" + s.quote + "\u201d"));
      if (s.today_differs) item.appendChild(el("p", "cc-source__today", "Today's rules: " + s.today_differs));
      box.appendChild(item);
    });
    return box;
  }

  Chat.prototype.attachSources = function (sources) {
    var last = null;
    for (var i = this.state.messages.length - 1; i >= 0 && !last; i--) {
      if (this.state.messages[i].from !== "user") last = this.state.messages[i];
    }
    if (!last || last.sources) return;
    last.sources = sources;
    this.save();
    var items = this.log.querySelectorAll(".cc-msg--bot");
    if (items.length) items[items.length - 1].appendChild(sourcesBox(sources));
  };

  Chat.prototype.renderReplies = function (replies) {
    var self = this;
    var group = el("div", "cc-replies");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Choose an answer, or type your own");
    // A tap on a phone must not put focus in the message box (it would open the on-screen keyboard).
    var pointer = "";
    group.addEventListener("pointerdown", function (event) { pointer = event.pointerType; });
    replies.forEach(function (reply) {
      var button = el("button", "cc-reply", reply.title);
      button.type = "button";
      button.addEventListener("click", function () {
        var touched = pointer === "touch" || pointer === "pen";
        pointer = "";
        self.send(reply.payload, reply.title, { keepKeyboardClosed: touched });
      });
      group.appendChild(button);
    });
    this.log.appendChild(group);
  };

  Chat.prototype.clearReplies = function () {
    var groups = this.log.querySelectorAll(".cc-replies");
    for (var i = 0; i < groups.length; i++) groups[i].remove();
    this.state.messages.forEach(function (m) { delete m.replies; });
  };

  Chat.prototype.append = function (message) {
    this.state.messages.push(message);
    this.save();
    this.render(message, true);
    this.scrollToEnd();
  };

  Chat.prototype.scrollToEnd = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  // `withReach`: the notice ends with how else to reach the provider (its phone and e-mail), and is
  // redrawn when those arrive.
  Chat.prototype.showNotice = function (base, withReach) {
    this.noticeText = withReach ? base : "";
    var text = base + (withReach ? this.reachText() : "");
    if (!this.notice.hidden && this.notice.textContent === text) return; // announce it once
    this.notice.textContent = text;
    this.notice.hidden = false;
  };

  Chat.prototype.hideNotice = function () {
    this.noticeText = "";
    this.notice.hidden = true;
    this.notice.textContent = "";
  };

  // A turn is pending from a message sent until the server's bot_turn_end: the indicator stays on
  // through every part of a multi-part reply.
  Chat.prototype.setTyping = function (on) {
    var self = this;
    clearTimeout(this.typingTimer);
    this.typing.hidden = !on;
    if (on) this.typingTimer = setTimeout(function () { self.typing.hidden = true; }, TYPING_TIMEOUT_MS);
  };

  Chat.prototype.metadata = function () {
    return this.provider ? { provider: this.provider } : {};
  };

  Chat.prototype.connected = function () {
    return Boolean(this.socket && this.socket.connected && this.sessionId && this.confirmed);
  };

  // ---- sending and receiving -------------------------------------------------------------------

  Chat.prototype.sendTyped = function () {
    var text = this.input.value.trim();
    if (!text) {
      this.input.focus();
      return;
    }
    if (this.tooLongBy(text) > 0) {
      this.onTyping(true);
      this.input.focus();
      return;
    }
    if (this.send(text, text)) {
      this.input.value = "";
      this.onTyping();
    }
    this.input.focus();
  };

  // Send `payload` to the assistant, showing `shown` as the customer's words. False if not sent.
  Chat.prototype.send = function (payload, shown, options) {
    var keepKeyboardClosed = Boolean(options && options.keepKeyboardClosed);
    if (!this.connected()) {
      this.showNotice(
        "Your message has not been sent: we can't reach the complaints assistant just now. " +
        "We'll keep trying; please send it again when we're connected.", true
      );
      if (!keepKeyboardClosed) this.input.focus();
      return false;
    }
    this.clearReplies();
    this.append({ from: "user", text: shown });
    this.socket.emit(USER_EVENT, {
      message: payload,
      session_id: this.sessionId,
      metadata: this.metadata()
    });
    this.turnPending = true;
    this.setTyping(true);
    if (keepKeyboardClosed) {
      this.log.focus({ preventScroll: true }); // the answered buttons are gone; focus stays nearby
    } else {
      this.input.focus();
    }
    return true;
  };

  Chat.prototype.receive = function (data) {
    if (!data || typeof data !== "object") return;
    if (data.custom && typeof data.custom === "object" && data.custom.complaint_record) {
      this.keepRecord(data.custom.complaint_record);
    }
    var text = typeof data.text === "string" ? data.text : "";
    var sources = sourcesOf(data);
    if (sources && !text) { this.attachSources(sources); return; }
    var options = Array.isArray(data.quick_replies) ? data.quick_replies
      : Array.isArray(data.buttons) ? data.buttons : [];
    var replies = options
      .filter(function (o) { return o && typeof o.title === "string" && typeof o.payload === "string"; })
      .map(function (o) { return { title: o.title, payload: o.payload }; });
    if (!text && !replies.length) return; // nothing a customer can read (an image, custom data)
    this.setTyping(this.turnPending); // more parts may follow, until bot_turn_end
    this.clearReplies();
    var message = { from: "bot", text: text };
    if (replies.length) message.replies = replies;
    this.append(message);
  };

  Chat.prototype.greet = function () {
    // The first message names the provider (metadata.provider); the assistant answers with its
    // greeting. It is not shown as the customer's words.
    this.state.greeted = true;
    this.save();
    this.socket.emit(USER_EVENT, {
      message: "/greet",
      session_id: this.sessionId,
      metadata: this.metadata()
    });
    this.turnPending = true;
    this.setTyping(true);
  };

  Chat.prototype.onSessionConfirmed = function (sessionId) {
    if (typeof sessionId !== "string" || !sessionId) return;
    if (sessionId !== this.sessionId) {
      // A new session (first visit, or the server did not accept the old id): a fresh transcript.
      this.sessionId = sessionId;
      this.store.setItem(this.sessionKey, sessionId);
      this.state = { greeted: false, messages: [] };
      this.log.textContent = "";
      this.hideRecord();
    }
    this.confirmed = true;
    this.hideNotice();
    // Greet once per session (again only if the page was reloaded before the greeting arrived).
    if (!this.state.greeted || !this.state.messages.length) this.greet();
  };

  Chat.prototype.restart = function () {
    if (this.state.messages.some(function (m) { return m.from === "user"; }) &&
        !window.confirm("Start a new conversation? This one will be cleared from this page.")) {
      return;
    }
    if (this.sessionId) this.store.removeItem(this.transcriptKey(this.sessionId));
    this.store.removeItem(this.sessionKey);
    this.sessionId = null;
    this.confirmed = false;
    this.state = { greeted: false, messages: [] };
    this.log.textContent = "";
    this.hideRecord();
    this.turnPending = false;
    this.setTyping(false);
    if (this.socket && this.socket.connected) {
      this.socket.emit("session_request", { session_id: null });
    }
    this.input.focus();
  };

  // The provider's name for the header, its phone and e-mail for the "can't reach" notice, and the
  // message size limit: from the assistant, else from where this script came from (the assistant's
  // files may load when its socket does not), kept in the tab for a later outage.
  Chat.prototype.loadProviderName = function () {
    var self = this;
    if (!window.fetch) return;
    var origins = [this.server];
    var scriptOrigin = new URL(assetBase).origin;
    if (origins.indexOf(scriptOrigin) < 0) origins.push(scriptOrigin);
    function tryOrigin(i) {
      if (i >= origins.length) return;
      fetch(origins[i] + "/webhooks/webchat/providers.json", { credentials: "omit" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (body) { self.useProviderFacts(body); })
        .catch(function () { tryOrigin(i + 1); });
    }
    tryOrigin(0);
  };

  Chat.prototype.useProviderFacts = function (body) {
    if (!body || typeof body !== "object") return;
    var name = body.providers && body.providers[this.provider];
    if (this.provider && !this.root.getAttribute("data-title") && typeof name === "string" && name) {
      this.title.textContent = name;
      this.subtitle.textContent = "Complaints assistant";
    }
    if (typeof body.max_message_chars === "number" && body.max_message_chars > 0) {
      this.maxChars = body.max_message_chars;
      this.onTyping();
    }
    var reach = body.contacts && body.contacts[this.provider];
    if (reach && typeof reach === "object") {
      this.reach = { name: typeof name === "string" ? name : "", phone: reach.phone, email: reach.email,
        letter: reach.letter };
      writeJSON(this.store, STORAGE_PREFIX + "reach:" + (this.provider || "default"), this.reach);
      if (!this.notice.hidden && this.noticeText) this.showNotice(this.noticeText, true);
    }
  };

  // " If you need us now, call Infinium on 01253 353537 or e-mail ...", from the provider's code.
  Chat.prototype.reachText = function () {
    var r = this.reach;
    if (!r) return " If you need us now, please contact us by phone or e-mail.";
    var who = r.name || "us";
    var ways = [];
    if (r.phone) ways.push("call " + who + " on " + r.phone);
    if (r.email) ways.push((ways.length ? "" : "contact " + who + " ") + "e-mail " + r.email);
    if (!r.email && r.letter) ways.push("write to " + r.letter);
    if (!ways.length) return " If you need us now, please contact us by phone or e-mail.";
    return " If you need us now, " + ways.join(", or ") + ".";
  };

  Chat.prototype.connect = function (io) {
    var self = this;
    if (!io) {
      this.showNotice("The chat could not start: part of it did not load. Please reload the page.");
      return;
    }
    if (!this.state.messages.length) this.setTyping(true); // the greeting is on its way
    var sameOrigin = this.server === window.location.origin;
    this.socket = io(this.server, {
      path: "/socket.io",
      // Rasa's socket.io server sends no CORS headers, so from another origin only the websocket
      // transport (which CORS does not govern) works.
      transports: sameOrigin ? ["polling", "websocket"] : ["websocket"],
      reconnectionDelayMax: 10000,
      timeout: 10000
    });
    this.socket.on("connect", function () {
      self.confirmed = false;
      self.socket.emit("session_request", { session_id: self.sessionId, metadata: self.metadata() });
    });
    this.socket.on("session_confirm", function (sessionId) { self.onSessionConfirmed(sessionId); });
    this.socket.on(BOT_EVENT, function (data) { self.receive(data); });
    this.socket.on(TURN_END_EVENT, function () {
      self.turnPending = false;
      self.setTyping(false);
    });
    this.socket.on("connect_error", function () { self.unreachable(); });
    this.socket.on("disconnect", function (reason) {
      self.confirmed = false;
      if (reason === "io client disconnect") return;
      self.unreachable();
      if (reason === "io server disconnect") self.socket.connect();
    });
    this.loadProviderName();
  };

  Chat.prototype.unreachable = function () {
    this.turnPending = false;
    this.setTyping(false);
    // Each failed retry lands here: a notice already up (this one, or "not sent") stays as it is.
    if (!this.notice.hidden && this.noticeText) return;
    this.showNotice("We can't reach the complaints assistant just now. We'll keep trying to " +
      "reconnect, and your conversation so far is kept on this page.", true);
  };

  // ---- room to write: a growing box, a count near the limit, a warning instead of a cut ------------

  function number(n) {
    return n.toLocaleString("en-GB");
  }

  // Characters as the server counts them (code points, so an emoji is one).
  function charCount(text) {
    return Array.from(text).length;
  }

  Chat.prototype.tooLongBy = function (text) {
    return charCount(text) - this.maxChars;
  };

  Chat.prototype.fitBox = function () {
    var box = this.input;
    var style = window.getComputedStyle(box);
    var line = parseFloat(style.lineHeight) || 24;
    var extra = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) +
      parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    box.style.height = "auto";
    var wanted = Math.min(box.scrollHeight + parseFloat(style.borderTopWidth) +
      parseFloat(style.borderBottomWidth), line * MAX_BOX_LINES + extra);
    box.style.height = Math.ceil(wanted) + "px";
  };

  // After each change to the box: its height, the count, and the warning. `tried` is set when the
  // customer tried to send a message over the limit.
  Chat.prototype.onTyping = function (tried) {
    var length = charCount(this.input.value);
    var over = length - this.maxChars;
    this.fitBox();
    var near = length >= Math.floor(this.maxChars * COUNT_FROM);
    this.count.hidden = !near;
    this.count.textContent = near ? number(length) + " of " + number(this.maxChars) + " characters" : "";
    this.count.classList.toggle("cc-count--over", over > 0);
    var state = over > 0 ? "over" : near ? "near" : "";
    if (state !== this.countState) {
      // Announced once on crossing into "near" (the alert below speaks for "over").
      if (state === "near") {
        this.status.textContent = "You have used " + number(length) + " of the " + number(this.maxChars) +
          " characters a message can hold.";
      }
      this.countState = state;
    }
    if (over > 0) {
      var warning = "Your message is " + number(length) + " characters long; one message can hold " +
        number(this.maxChars) + ". Nothing has been cut or sent: please shorten it by " + number(over) +
        " characters, or send it in two parts.";
      if (this.tooLong.hidden || tried || this.tooLong.textContent !== warning) {
        this.tooLong.textContent = warning;
      }
      this.tooLong.hidden = false;
      this.input.setAttribute("aria-invalid", "true");
    } else {
      this.tooLong.hidden = true;
      this.tooLong.textContent = "";
      this.input.removeAttribute("aria-invalid");
    }
  };

  // ---- the customer's record: the pinned reference card and the page to save or print -----------

  function validRecord(record) {
    return record && typeof record === "object" && typeof record.reference === "string" &&
      /^[A-Z]{2,3}-[0-9A-Z]{6}$/.test(record.reference);
  }

  function str(value) {
    return typeof value === "string" ? value : value === null || value === undefined ? "" : String(value);
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  // A date as firmly as the provider's code words it (record.dates[].strength): an aim or a
  // guideline is never shown as a plain promise (outside compliance review H4).
  var HEDGES = {
    normally: " (normally)",
    aim: " (our code states this as an aim, not a promise)",
    guideline: " (our code states this as a guideline, not a promise)"
  };

  function when(date) {
    return str(date.date) + (date.time ? " at " + str(date.time) : "");
  }

  function firmness(date) {
    return HEDGES[date.strength] || "";
  }

  function sourceText(source) {
    if (!source || !source.quote) return "";
    return "Source: " + str(source.document) + ": \u201c" + str(source.quote) + "\u201d";
  }

  function lineSources(line) {
    return (line.source ? [line.source] : []).concat(list(line.sources)).map(sourceText)
      .filter(function (text) { return text; });
  }

  // The record as sections of lines: one structure for the summary page and the downloaded copy.
  // A line is {text} or {label, text}, each with an optional source.
  function recordSections(record) {
    var provider = record.provider || {};
    var name = str(provider.name) || "the provider";
    var sections = [];
    var logged = record.logged || {};
    sections.push({ heading: "Your complaint", lines: [
      { label: "Reference", text: record.reference },
      { label: "Made to", text: name },
      { label: "Logged", text: str(logged.date) + (logged.time ? " at " + str(logged.time) : "") }
    ].concat(record.first_raised ? [
      // The day the customer said they first raised it (issue 14): the ADR date runs from it.
      { label: "You first raised it with " + name, text: str(record.first_raised) }
    ] : []).concat([
      { label: "About", text: str(record.about) }
    ]) });
    sections.push({ heading: "What you told us, in your words", lines: [
      { text: str(record.description), words: true }
    ] });
    sections.push({ heading: "The dates " + name + " gives itself", lines: list(record.dates).map(function (d) {
      return { label: str(d.label), text: when(d) + (d.period ? " (" + str(d.period) + ")" : "") + firmness(d),
        source: d.source };
    }) });
    var next = record.next || {};
    var nextLines = [{ label: "Handled first by", text: str(next.handler), source: next.source }];
    if (next.contact_by) nextLines.push({ label: "You asked to be contacted by", text: str(next.contact_by) });
    sections.push({ heading: "What happens next", lines: nextLines });
    var steps = list(record.escalation).map(function (step) {
      return { label: "Step " + str(step.step) + ": " + str(step.role), text: str(step.how), source: step.source };
    });
    if (!steps.length) steps.push({ text: name + "'s code gives no further step inside the company." });
    sections.push({ heading: "If you are not happy with the answer", lines: steps });
    var adr = record.adr || {};
    var adrLines = [];
    if (adr.eligible === false) {
      list(adr.reasons).forEach(function (r) { adrLines.push({ text: str(r) }); });
    } else {
      adrLines.push({ label: "From " + str(adr.opens), text: "you may take your complaint to " +
        (str(adr.scheme) || "the ombudsman (ADR) scheme") + " for an independent decision, if it is " +
        "not resolved by then." });
      if (adr.letter_opens_at_once) {
        adrLines.push({ text: "If " + name + " writes to say it cannot resolve your complaint (an ADR or " +
          "\u201cdeadlock\u201d letter), you may go to the scheme at once." });
      }
      if (adr.limit_after_letter_months) {
        adrLines.push({ text: "Apply within " + str(adr.limit_after_letter_months) +
          " months of an ADR letter." });
      }
      if (adr.free) adrLines.push({ text: "ADR costs you nothing." });
      list(adr.reasons).forEach(function (r) { adrLines.push({ text: str(r) }); });
    }
    if (adrLines.length) adrLines[0].sources = list(adr.sources);
    sections.push({ heading: "Your right to an independent decision (ADR)", lines: adrLines });
    var reach = provider.reach || {};
    var reachLines = [];
    if (reach.phone) reachLines.push({ label: "Phone", text: str(reach.phone) });
    if (reach.email) reachLines.push({ label: "E-mail", text: str(reach.email) });
    if (reach.letter) reachLines.push({ label: "Post", text: str(reach.letter) });
    if (reachLines.length) {
      reachLines.push({ text: "Quote your reference, " + record.reference + "." });
      sections.push({ heading: "How to reach " + name, lines: reachLines });
    }
    if (provider.code) {
      sections.push({ heading: "Sources", lines: [
        { text: "The dates, the steps and the first handler come from " + str(provider.code) +
          "; the ADR wait and limits from today's rules for UK communications providers." }
      ] });
    }
    return sections;
  }

  function recordAsText(record) {
    var out = ["Your complaint: " + record.reference, ""];
    recordSections(record).forEach(function (section) {
      out.push(section.heading.toUpperCase());
      section.lines.forEach(function (line) {
        if (line.label || line.text) out.push((line.label ? line.label + ": " : "") + line.text);
        lineSources(line).forEach(function (source) { out.push("  " + source); });
      });
      out.push("");
    });
    return out.join("\n");
  }

  Chat.prototype.keepRecord = function (record) {
    if (!validRecord(record)) return;
    this.state.record = record;
    this.save();
    this.showRecord(record, true);
  };

  Chat.prototype.hideRecord = function () {
    this.card.hidden = true;
    this.card.textContent = "";
    this.closeRecordPage();
  };

  // The pinned card: reference (one click selects all of it), Copy, what happens next, the dates.
  Chat.prototype.showRecord = function (record, announce) {
    var self = this;
    var id = this.card.id;
    this.card.textContent = "";
    this.card.setAttribute("aria-labelledby", id + "-heading");
    var top = el("div", "cc-card-top");
    var heading = el("h3", "cc-card-heading", "Your complaint reference");
    heading.id = id + "-heading";
    var reference = el("p", "cc-card-reference", record.reference);
    reference.id = id + "-reference";
    top.appendChild(heading);
    top.appendChild(reference);
    var actions = el("div", "cc-card-actions");
    var copy = el("button", "cc-card-button", "Copy reference");
    copy.type = "button";
    copy.setAttribute("aria-describedby", reference.id);
    copy.addEventListener("click", function () { self.copyReference(record.reference, copy); });
    var save = el("button", "cc-card-button", "Save or print my complaint");
    save.type = "button";
    save.addEventListener("click", function () { self.openRecordPage(record, save); });
    actions.appendChild(copy);
    actions.appendChild(save);
    top.appendChild(actions);
    this.card.appendChild(top);

    var details = el("details", "cc-card-details");
    var summary = el("summary", "cc-card-summary", "What happens next, and when");
    details.appendChild(summary);
    var next = record.next || {};
    if (next.handler) {
      details.appendChild(el("p", "cc-card-next", str(next.handler) + " will look at your complaint first." +
        (next.contact_by ? " You asked to be contacted by " + str(next.contact_by) + "." : "")));
    }
    var dates = el("dl", "cc-card-dates");
    list(record.dates).forEach(function (d) {
      dates.appendChild(el("dt", "cc-card-label", str(d.label)));
      dates.appendChild(el("dd", "cc-card-date", when(d) + firmness(d)));
    });
    details.appendChild(dates);
    var adr = record.adr || {};
    if (adr.eligible !== false && adr.opens) {
      details.appendChild(el("p", "cc-card-next", "From " + str(adr.opens) + " you may take it to " +
        (str(adr.scheme) || "the ombudsman (ADR) scheme") + " if it is not resolved."));
    }
    // Open on a wide screen; on a phone the card stays short and the conversation keeps its room.
    details.open = !window.matchMedia || window.matchMedia("(min-width: 40rem)").matches;
    this.card.appendChild(details);
    this.card.hidden = false;
    if (announce) {
      this.status.textContent = "Your complaint is logged. Your reference is " + record.reference +
        ". It is pinned above the conversation, with a Copy button and Save or print my complaint.";
    }
  };

  Chat.prototype.copyReference = function (reference, button) {
    var self = this;
    function done(ok) {
      self.status.textContent = ok ? "Reference " + reference + " copied."
        : "Copying did not work here: your reference is " + reference + ".";
      button.textContent = ok ? "Copied" : "Copy reference";
      setTimeout(function () { button.textContent = "Copy reference"; }, 4000);
    }
    function fallback() {
      var spare = el("textarea", "cc-visually-hidden");
      spare.value = reference;
      spare.setAttribute("readonly", "");
      self.card.appendChild(spare);
      spare.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      spare.remove();
      button.focus();
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(reference).then(function () { done(true); }, fallback);
    } else {
      fallback();
    }
  };

  // "Save or print my complaint": a clean page over everything else, printed on its own.
  Chat.prototype.openRecordPage = function (record, opener) {
    var self = this;
    this.closeRecordPage();
    var view = el("div", "cc-record");
    view.setAttribute("role", "dialog");
    view.setAttribute("aria-modal", "true");
    view.setAttribute("lang", "en-GB");
    var titleId = this.card.id + "-record-title";
    view.setAttribute("aria-labelledby", titleId);
    var bar = el("div", "cc-record-bar");
    var print = el("button", "cc-card-button", "Print or save as PDF");
    print.type = "button";
    print.addEventListener("click", function () { window.print(); });
    var download = el("button", "cc-card-button", "Download a copy (text file)");
    download.type = "button";
    download.addEventListener("click", function () { self.downloadRecord(record); });
    var back = el("button", "cc-card-button", "Back to the chat");
    back.type = "button";
    back.addEventListener("click", function () {
      self.closeRecordPage();
      if (opener && opener.isConnected) opener.focus();
    });
    bar.appendChild(print);
    bar.appendChild(download);
    bar.appendChild(back);
    view.appendChild(bar);

    var title = el("h1", "cc-record-title", "Your complaint: " + record.reference);
    title.id = titleId;
    title.tabIndex = -1;
    view.appendChild(title);
    recordSections(record).forEach(function (section) {
      var part = el("section", "cc-record-section");
      part.appendChild(el("h2", "cc-record-heading", section.heading));
      var items = el("dl", "cc-record-lines");
      section.lines.forEach(function (line) {
        if (line.label) items.appendChild(el("dt", "cc-record-label", line.label));
        var value = el("dd", line.words ? "cc-record-value cc-record-words" : "cc-record-value", line.text);
        lineSources(line).forEach(function (source) {
          value.appendChild(el("span", "cc-record-source", source));
        });
        items.appendChild(value);
      });
      part.appendChild(items);
      view.appendChild(part);
    });
    view.addEventListener("keydown", function (event) {
      if (event.key === "Escape") back.click();
    });
    document.body.appendChild(view);
    document.documentElement.classList.add("cc-record-open");
    this.recordView = view;
    title.focus();
  };

  Chat.prototype.closeRecordPage = function () {
    if (!this.recordView) return;
    this.recordView.remove();
    this.recordView = null;
    document.documentElement.classList.remove("cc-record-open");
  };

  Chat.prototype.downloadRecord = function (record) {
    var blob = new Blob([recordAsText(record)], { type: "text/plain;charset=utf-8" });
    var link = el("a", "cc-visually-hidden", "download");
    link.href = URL.createObjectURL(blob);
    link.download = "complaint-" + record.reference + ".txt";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  };

  // ---- start -----------------------------------------------------------------------------------

  function start() {
    var root = document.getElementById("complaints-chat");
    if (!root || root.getAttribute("data-chat-started")) return;
    root.setAttribute("data-chat-started", "true");
    loadStylesheet();
    var chat = new Chat(root);
    loadSocketIo(function (io) { chat.connect(io); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
