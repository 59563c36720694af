/* Zorgbod live standings: connect to /auction with a token, join one request, hand every
 * newer standings view to render(), re-join after a reconnect or a gap in seq, and keep a
 * countdown on the server's clock. Shared by the provider and consultant pages. */
(function (global) {
  "use strict";

  function ZorgbodLive(opts) {
    this.requestId = opts.requestId;
    this.render = opts.render;                 // function(standings)
    this.onState = opts.onState || function () {};  // "connected" | "reconnecting" | "offline"
    this.onClosed = opts.onClosed || function () {};
    this.seq = -1;
    this.offsetMs = 0;                          // server time minus browser time
    this.standings = null;
    var self = this;
    this.socket = global.io("/auction", { auth: { token: opts.token }, transports: ["websocket"] });
    this.socket.on("connect", function () { self.onState("connected"); self.join(); });
    this.socket.on("disconnect", function () { self.onState("reconnecting"); });
    this.socket.io.on("reconnect_attempt", function () { self.onState("reconnecting"); });
    this.socket.io.on("reconnect_failed", function () { self.onState("offline"); });
    this.socket.on("connect_error", function () { self.onState(navigator.onLine === false ? "offline" : "reconnecting"); });
    this.socket.on("standings", function (s) { self.accept(s); });
    this.socket.on("closed", function (msg) { self.onClosed(msg); });
    // A broadcast can be lost while a server's message queue is down. Nothing depends on it:
    // ask for the full state again when the clock says the window should have closed, and
    // once a minute as a safety net.
    this.askedAtClose = null;
    setInterval(function () {
      var s = self.standings;
      if (s && s.status === "open" && self.secondsLeft() === 0 && self.askedAtClose !== s.closes_at &&
          self.serverNow() - Date.parse(s.closes_at) > 1500) {
        self.askedAtClose = s.closes_at;
        self.join();
      }
    }, 1000);
    setInterval(function () { if (self.socket.connected) { self.join(); } }, 60000);
  }

  ZorgbodLive.prototype.join = function () {
    var self = this;
    this.socket.emit("join", { request_id: this.requestId }, function (ack) {
      if (ack && ack.ok) { self.accept(ack.standings, true); }
    });
  };

  /* Newer views replace older ones; a jump in seq means we missed one, so re-join for the full state. */
  ZorgbodLive.prototype.accept = function (s, full) {
    if (!s || s.request_id !== this.requestId) { return; }
    if (s.seq < this.seq) { return; }
    if (!full && this.seq >= 0 && s.seq > this.seq + 1) { this.seq = s.seq; this.join(); return; }
    this.seq = s.seq;
    this.offsetMs = Date.parse(s.server_time) - Date.now();
    this.standings = s;
    this.render(s);
  };

  ZorgbodLive.prototype.serverNow = function () { return Date.now() + this.offsetMs; };

  /* Seconds left until closes_at by the server's clock (never negative). */
  ZorgbodLive.prototype.secondsLeft = function () {
    if (!this.standings) { return null; }
    return Math.max(0, Math.floor((Date.parse(this.standings.closes_at) - this.serverNow()) / 1000));
  };

  ZorgbodLive.prototype.bid = function (payload, done) {
    payload.request_id = this.requestId;
    this.socket.timeout(10000).emit("bid", payload, function (err, ack) {
      if (err) { done({ ok: false, error: { code: "timeout", message: ZorgbodLive.t("bid_timeout") } }); return; }
      done(ack);
    });
  };

  ZorgbodLive.formatCountdown = function (seconds) {
    if (seconds === null) { return "—"; }
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return (h ? h + ":" + pad(m) : m) + ":" + pad(s);
  };

  ZorgbodLive.formatEur = function (cents) {
    if (cents === null || cents === undefined) { return "—"; }
    return new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" }).format(cents / 100);
  };

  /* The words the scripts show come from the page, in the reader's language: templates/_js_texts.html
   * renders them from the catalogue into <script type="application/json" id="zorgbod-texts">. */
  var texts = null;
  ZorgbodLive.texts = function () {
    if (texts === null) {
      var el = document.getElementById("zorgbod-texts");
      texts = el ? JSON.parse(el.textContent) : {};
    }
    return texts;
  };

  /* fmt("{rank} van {count}", {rank: 2, count: 3}) -> "2 van 3"; unknown names stay as they are. */
  ZorgbodLive.fmt = function (text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  };

  /* The text for `key`, with its {placeholders} filled in; the key itself when the page has no such text. */
  ZorgbodLive.t = function (key, values) {
    var text = ZorgbodLive.texts()[key];
    return ZorgbodLive.fmt(typeof text === "string" ? text : key, values);
  };

  global.ZorgbodLive = ZorgbodLive;
})(window);
