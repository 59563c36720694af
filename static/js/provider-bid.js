/* Zorgbod provider bidding page: keeps the server-rendered standings, countdown and connection
 * state up to date through ZorgbodLive, and sends the bid form over the socket when connected.
 * The server decides everything (window, price, step); this file only shows its answers.
 * Without a live connection the form falls back to an ordinary POST. */
(function () {
  "use strict";

  var root = document.getElementById("bid-page");
  if (!root || !root.getAttribute("data-token") || typeof ZorgbodLive === "undefined") { return; }

  var $ = function (id) { return document.getElementById(id); };
  var fmt = ZorgbodLive.formatEur;   // money keeps the Dutch format in every language
  var t = ZorgbodLive.t;             // words come from the page, in the reader's language
  var FIELD = { price_cents: "price", start_date: "start_date", approach: "approach" };
  var FIELD_NAME = { price_cents: t("field_price"), start_date: t("field_start_date"), approach: t("field_approach") };
  var STATUS_LABEL = ZorgbodLive.texts().status || {};
  var CONN_TEXT = { connected: t("conn_connected"), reconnecting: t("conn_reconnecting"), offline: t("conn_offline") };
  /* Times stay numeric like the server's `local` filter (dd-mm-jjjj uu:mm:ss, Dutch time) in
   * every language; the long date follows the page's language like long_date() on the server. */
  var timeFmt = new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", day: "2-digit",
    month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  var dateFmt = new Intl.DateTimeFormat(document.documentElement.lang === "en" ? "en-GB" : "nl-NL",
    { weekday: "long", day: "numeric", month: "long", year: "numeric" });

  var state = {
    status: root.getAttribute("data-status"),
    conn: "connecting",
    closesAt: root.getAttribute("data-closes-at"),
    rank: root.hasAttribute("data-my-rank") ? Number(root.getAttribute("data-my-rank")) : null,
    warned: {},
    busy: false
  };

  function setText(id, text) { var el = $(id); if (el && el.textContent !== text) { el.textContent = text; } }
  function show(id, visible) { var el = $(id); if (el) { el.hidden = !visible; } }
  function localTime(iso) { return timeFmt.format(new Date(iso)).replace(",", ""); }
  function longDate(iso) {
    if (!iso) { return "—"; }
    var p = iso.split("-"), d = new Date(Number(p[0]), Number(p[1]) - 1, Number(p[2]));
    return dateFmt.format(d).replace(",", "");  // "Monday 1 February 2027", as the server writes it
  }
  /* Everything one update has to say goes out as one message in the polite region. */
  var said = [];
  function announce(text) {
    said.push(text);
    if (said.length > 1) { return; }
    setTimeout(function () {
      var el = $("live-announce");
      if (el) { el.textContent = said.join(" "); }
      said = [];
    }, 0);
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* "1.234,56", "1,234.56", "1234.56", "€ 950" -> cents, as marketplace.auction.inputs.parse_euros
   * reads them (the server decides; this only catches a typo before sending). */
  var AMOUNT = [/^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/, /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/];
  function parseEuros(text) {
    var s = String(text || "").replace(/€/g, "").replace(/[\s\u00a0]/g, "");
    for (var i = 0; i < AMOUNT.length; i++) {
      var m = AMOUNT[i].exec(s);
      if (m) {
        var cents = Number(m[1].replace(/[.,]/g, "")) * 100 + Number(((m[2] || "0") + "0").slice(0, 2));
        return cents > 0 ? cents : null;
      }
    }
    return null;
  }

  /* ---- rendering the caller's own view ---- */

  function renderLadder(ladder) {
    var body = $("ladder-body");
    if (!body || !ladder) { return; }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    ladder.forEach(function (row) {
      var tr = document.createElement("tr"), rank = document.createElement("td"),
          label = document.createElement("th"), price = document.createElement("td");
      if (row.mine) { tr.className = "mine"; }
      rank.textContent = row.rank;
      label.scope = "row";
      label.textContent = row.mine ? t("ladder_mine", { label: row.label }) : row.label;
      price.textContent = fmt(row.price_cents);
      tr.appendChild(rank); tr.appendChild(label); tr.appendChild(price);
      body.appendChild(tr);
    });
    show("ladder-empty", ladder.length === 0);
  }

  function renderMyBid(bid) {
    show("my-offer-none", !bid);
    show("my-offer", !!bid);
    if (!bid) { return; }
    setText("my-offer-price", fmt(bid.price_cents));
    setText("my-offer-status", bid.status === "withdrawn" ? t("bid_withdrawn") : t("bid_active"));
    setText("my-offer-revision", String(bid.revision));
    setText("my-offer-start", longDate(bid.start_date));
    setText("my-offer-approach", bid.approach || "");
  }

  function renderRank(s) {
    if (!("my_rank" in s)) { return; }
    setText("my-rank", s.my_rank ? t("rank_of", { rank: s.my_rank, count: s.bidder_count }) : "—");
    if (s.my_rank === state.rank) { return; }  // announce only a change of my own place
    state.rank = s.my_rank;
    announce(s.my_rank ? t("rank_now", { rank: s.my_rank, count: s.bidder_count }) : t("rank_none"));
  }

  function renderWindow(s) {
    var previous = state.closesAt;
    state.closesAt = s.closes_at;
    setText("closes-at", localTime(s.closes_at));
    setText("extended-until", localTime(s.closes_at));
    show("extended-notice", !!s.extended);
    if (s.extended && previous && previous !== s.closes_at && s.status === "open") {
      state.warned = {};
      announce(t("extended_to", { time: localTime(s.closes_at).slice(-8) }));
    }
  }

  function renderStatus(s) {
    var changed = s.status !== state.status;
    state.status = s.status;
    var label = $("status-label");
    if (label) { label.textContent = STATUS_LABEL[s.status] || s.status; label.className = "status status-" + s.status; }
    show("countdown-row", s.status === "open");
    show("opens-row", s.status === "scheduled");
    if (!changed) { return; }
    if (s.status === "open") { announce(t("opened")); }
    else if (s.status !== "scheduled") { afterClose(s.status); }
  }

  function afterClose(status) {
    var note = $("bid-closed-note");
    if (note) {
      note.textContent = status === "cancelled" ? t("cancelled_note") : t("closed_note");
      note.hidden = false;
    }
    show("withdraw-section", false);
    var reload = status === "awarded" || status === "cancelled";
    announce(reload ? t("news_reload") : t("closed"));
  }

  function render(s) {
    renderStatus(s);
    renderWindow(s);
    setText("my-price", s.my_price_cents ? fmt(s.my_price_cents) : t("no_active_bid"));
    setText("bidder-count", String(s.bidder_count));
    if ("best_price_cents" in s) { setText("best-price", fmt(s.best_price_cents)); }
    renderLadder(s.ladder);
    renderRank(s);
    renderMyBid(s.my_bid);
    show("withdraw-section", s.status === "open" && !!(s.my_bid && s.my_bid.status === "active"));
    updateForm();
    tick();
  }

  /* ---- countdown, connection, form state ---- */

  function windowOpen() {
    var left = live.secondsLeft();
    return state.status === "open" && (left === null || left > 0);
  }

  function updateForm() {
    var fields = $("bid-fields"), note = $("bid-closed-note");
    if (!fields) { return; }
    var usable = windowOpen() && state.conn !== "offline";
    fields.disabled = !usable;
    if (note && state.status === "open") { note.hidden = usable; if (!usable) {
      note.textContent = state.conn === "offline" ? t("offline_note") : t("time_up");
    } }
  }

  function tick() {
    if (state.status === "scheduled") {
      var toOpen = Math.max(0, Math.floor((Date.parse(root.getAttribute("data-opens-at")) - live.serverNow()) / 1000));
      setText("opens-in", ZorgbodLive.formatCountdown(toOpen));
      return;
    }
    if (state.status !== "open") { return; }
    var left = live.secondsLeft();
    setText("countdown", ZorgbodLive.formatCountdown(left));
    [[300, t("warn_5min")], [60, t("warn_1min")]].forEach(function (w) {
      if (left !== null && left <= w[0] && left > 0 && !state.warned[w[0]]) {
        state.warned[w[0]] = true;
        if (left > w[0] - 5) { announce(w[1]); }
      }
    });
    if (left === 0) { updateForm(); }
  }

  function onState(conn) {
    if (conn !== "connected" && navigator.onLine === false) { conn = "offline"; }
    if (conn === state.conn) { return; }
    state.conn = conn;
    var box = $("conn-state");
    if (box) { box.className = "conn conn-" + conn; }
    setText("conn-text", CONN_TEXT[conn] || conn);
    updateForm();
  }

  /* ---- sending a bid over the socket ---- */

  function clearErrors() {
    Object.keys(FIELD).forEach(function (k) {
      var input = $(FIELD[k]), err = $(FIELD[k] + "-error");
      if (err) { err.parentNode.removeChild(err); }
      if (input) { input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby"); }
    });
  }

  function fieldError(id, message) {
    var input = $(id);
    if (!input) { return; }
    var p = document.createElement("p");
    p.className = "field-error";
    p.id = id + "-error";
    p.textContent = message;
    input.parentNode.insertBefore(p, input.nextSibling);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", p.id);
  }

  function answer(text, ok) {
    var box = $("bid-answer");
    if (!box) { return; }
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var p = document.createElement("p");
    p.className = "alert " + (ok ? "alert-success" : "alert-error");
    p.textContent = text;
    box.appendChild(p);
  }

  function refused(error) {
    error = error || { message: t("bid_not_processed") };
    var fields = error.fields || {}, parts = [];
    Object.keys(fields).forEach(function (k) {
      if (FIELD[k]) { fieldError(FIELD[k], fields[k]); }
      parts.push(t("field_error", { field: FIELD_NAME[k] || k, message: fields[k] }));
    });
    answer(parts.length ? t("bid_check_input", { errors: parts.join(" ") }) : error.message, false);
  }

  function onSubmit(ev) {
    if (state.conn !== "connected") { return; } // an ordinary POST; the server decides the same way
    ev.preventDefault();
    if (state.busy) { return; }
    clearErrors();
    var price = $("price"), start = $("start_date"), approach = $("approach"), key = $("idempotency_key");
    var cents = parseEuros(price.value);
    if (cents === null) {
      fieldError("price", t("price_invalid"));
      answer(t("price_not_sent"), false);
      price.focus();
      return;
    }
    state.busy = true;
    $("submit").disabled = true;
    answer(t("sending"), true);
    live.bid({ price_cents: cents, start_date: start.value || null,
               approach: approach.value.trim() || null, idempotency_key: key.value }, function (ack) {
      state.busy = false;
      $("submit").disabled = false;
      if (ack && ack.ok) {
        answer(t("bid_received", { price: fmt(ack.bid.price_cents), revision: ack.bid.revision }), true);
        key.value = newKey();
        price.value = "";
        if (ack.standings) { live.accept(ack.standings, true); }
      } else {
        refused(ack && ack.error);
      }
    });
  }

  var live = new ZorgbodLive({
    requestId: Number(root.getAttribute("data-request-id")),
    token: root.getAttribute("data-token"),
    render: render,
    onState: onState,
    onClosed: function (msg) {
      if (msg && msg.status && msg.status !== state.status) { renderStatus({ status: msg.status }); updateForm(); }
    }
  });

  var form = $("bid-form");
  if (form) { form.addEventListener("submit", onSubmit); }
  window.addEventListener("offline", function () { onState("offline"); });
  window.addEventListener("online", function () { onState(live.socket.connected ? "connected" : "reconnecting"); });
  setInterval(tick, 1000);
})();
