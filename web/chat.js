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
 * Everything anyone writes is shown with textContent, never parsed as HTML.
 */
(function () {
  "use strict";

  var USER_EVENT = "user_uttered";
  var BOT_EVENT = "bot_uttered";
  var STORAGE_PREFIX = "complaints-chat:";
  var MAX_STORED_MESSAGES = 300;
  var TYPING_TIMEOUT_MS = 20000;
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
    this.input = el("input", "cc-input");
    this.input.id = id + "-input";
    this.input.type = "text";
    this.input.name = "message";
    this.input.autocomplete = "off";
    this.input.maxLength = 4000;
    this.input.setAttribute("enterkeyhint", "send");
    var hint = el("p", "cc-hint", "Press Enter to send. Your conversation stays in this tab until you close it.");
    hint.id = id + "-hint";
    this.input.setAttribute("aria-describedby", hint.id);
    var row = el("div", "cc-row");
    row.appendChild(this.input);
    this.sendButton = el("button", "cc-send", "Send");
    this.sendButton.type = "submit";
    row.appendChild(this.sendButton);
    form.appendChild(label);
    form.appendChild(row);
    form.appendChild(hint);
    section.appendChild(form);

    var self = this;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.sendTyped();
    });
    this.restartButton.addEventListener("click", function () { self.restart(); });

    // Re-render the stored conversation before the log is in the document, so a screen reader
    // is not read the whole conversation again after a reload.
    for (var i = 0; i < this.state.messages.length; i++) {
      this.render(this.state.messages[i], i === this.state.messages.length - 1);
    }
    this.root.textContent = "";
    this.root.appendChild(section);
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
    replies.forEach(function (reply) {
      var button = el("button", "cc-reply", reply.title);
      button.type = "button";
      button.addEventListener("click", function () {
        self.send(reply.payload, reply.title);
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

  Chat.prototype.showNotice = function (text) {
    if (!this.notice.hidden && this.notice.textContent === text) return; // announce it once
    this.notice.textContent = text;
    this.notice.hidden = false;
  };

  Chat.prototype.hideNotice = function () {
    this.notice.hidden = true;
    this.notice.textContent = "";
  };

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
    if (this.send(text, text)) this.input.value = "";
    this.input.focus();
  };

  // Send `payload` to the assistant, showing `shown` as the customer's words. False if not sent.
  Chat.prototype.send = function (payload, shown) {
    if (!this.connected()) {
      this.showNotice(
        "Your message has not been sent: we can't reach the complaints assistant just now. " +
        "We'll keep trying; please send it again when we're connected."
      );
      this.input.focus();
      return false;
    }
    this.clearReplies();
    this.append({ from: "user", text: shown });
    this.socket.emit(USER_EVENT, {
      message: payload,
      session_id: this.sessionId,
      metadata: this.metadata()
    });
    this.setTyping(true);
    this.input.focus();
    return true;
  };

  Chat.prototype.receive = function (data) {
    if (!data || typeof data !== "object") return;
    var text = typeof data.text === "string" ? data.text : "";
    var sources = sourcesOf(data);
    if (sources && !text) { this.attachSources(sources); return; }
    var options = Array.isArray(data.quick_replies) ? data.quick_replies
      : Array.isArray(data.buttons) ? data.buttons : [];
    var replies = options
      .filter(function (o) { return o && typeof o.title === "string" && typeof o.payload === "string"; })
      .map(function (o) { return { title: o.title, payload: o.payload }; });
    if (!text && !replies.length) return; // nothing a customer can read (an image, custom data)
    this.setTyping(false);
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
    this.setTyping(false);
    if (this.socket && this.socket.connected) {
      this.socket.emit("session_request", { session_id: null });
    }
    this.input.focus();
  };

  Chat.prototype.loadProviderName = function () {
    var self = this;
    if (!this.provider || !window.fetch || this.root.getAttribute("data-title")) return;
    fetch(this.server + "/webhooks/webchat/providers.json", { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        var name = body && body.providers && body.providers[self.provider];
        if (typeof name === "string" && name) {
          self.title.textContent = name;
          self.subtitle.textContent = "Complaints assistant";
        }
      })
      .catch(function () { /* the generic title stays */ });
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
    this.setTyping(false);
    this.showNotice(
      "We can't reach the complaints assistant just now. Please check your internet connection; " +
      "we'll keep trying to reconnect, and your conversation so far is kept on this page."
    );
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
