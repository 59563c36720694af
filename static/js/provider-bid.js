/* Zorgbod provider bidding page: keeps the server-rendered standings, countdown and connection
 * state up to date through ZorgbodLive, and sends the bid form over the socket when connected.
 * The server decides everything (window, price, step); this file only shows its answers.
 * Without a live connection the form falls back to an ordinary POST. */
(function () {
  "use strict";

  var root = document.getElementById("bid-page");
  if (!root || !root.getAttribute("data-token") || typeof ZorgbodLive === "undefined") { return; }

  var $ = function (id) { return document.getElementById(id); };
  var fmt = ZorgbodLive.formatEur;
  var DAYS = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];
  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"];
  var FIELD = { price_cents: "price", start_date: "start_date", approach: "approach" };
  var FIELD_NAME = { price_cents: "Prijs", start_date: "Startdatum", approach: "Plan van aanpak" };
  var STATUS_LABEL = { scheduled: "Gepland", open: "Open voor aanbiedingen", closed: "Gesloten",
                       chosen: "Keuze gemaakt", awarded: "Gegund", no_offers: "Geen aanbiedingen",
                       cancelled: "Geannuleerd" };
  var CONN_TEXT = { connected: "verbonden", reconnecting: "verbinding verbroken, opnieuw verbinden…",
                    offline: "offline — u kunt nu niet bieden" };
  var timeFmt = new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", day: "2-digit",
    month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });

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
    return DAYS[d.getDay()] + " " + d.getDate() + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
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

  /* "1.234,56", "1234.56", "€ 950" -> cents, like marketplace.auction.inputs.parse_euros. */
  function parseEuros(text) {
    var s = String(text || "").replace(/€/g, "").replace(/[\s\u00a0]/g, "");
    if (!s) { return null; }
    if (s.indexOf(",") !== -1) { s = s.replace(/\./g, "").replace(/,/g, "."); }
    else if ((s.match(/\./g) || []).length === 1 && s.split(".")[1].length === 3) { s = s.replace(".", ""); }
    if (!/^\d+(\.\d+)?$/.test(s)) { return null; }
    var cents = Math.round(parseFloat(s) * 100);
    return cents > 0 ? cents : null;
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
      label.textContent = row.label + (row.mine ? " (u)" : "");
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
    setText("my-offer-status", bid.status === "withdrawn" ? "ingetrokken" : "actief");
    setText("my-offer-revision", String(bid.revision));
    setText("my-offer-start", longDate(bid.start_date));
    setText("my-offer-approach", bid.approach || "");
  }

  function renderRank(s) {
    if (!("my_rank" in s)) { return; }
    setText("my-rank", s.my_rank ? s.my_rank + " van " + s.bidder_count : "—");
    if (s.my_rank === state.rank) { return; }  // announce only a change of my own place
    state.rank = s.my_rank;
    announce(s.my_rank ? "U staat nu op plaats " + s.my_rank + " van " + s.bidder_count + "."
                       : "U heeft nu geen actieve aanbieding in de stand.");
  }

  function renderWindow(s) {
    var previous = state.closesAt;
    state.closesAt = s.closes_at;
    setText("closes-at", localTime(s.closes_at));
    setText("extended-until", localTime(s.closes_at));
    show("extended-notice", !!s.extended);
    if (s.extended && previous && previous !== s.closes_at && s.status === "open") {
      state.warned = {};
      announce("Het bieden is verlengd tot " + localTime(s.closes_at).slice(-8) + ".");
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
    if (s.status === "open") { announce("Het bieden is geopend. U kunt nu een aanbieding doen."); }
    else if (s.status !== "scheduled") { afterClose(s.status); }
  }

  function afterClose(status) {
    var note = $("bid-closed-note");
    if (note) {
      note.textContent = status === "cancelled" ? "De gemeente heeft deze aanvraag ingetrokken."
        : "Het bieden is gesloten; u kunt geen aanbieding meer versturen. De cliënt en de gemeente kiezen nu samen.";
      note.hidden = false;
    }
    show("withdraw-section", false);
    var reload = status === "awarded" || status === "cancelled";
    announce(reload ? "Er is nieuws over deze aanvraag. Ververs de pagina om de uitkomst te zien."
                    : "Het bieden is gesloten.");
  }

  function render(s) {
    renderStatus(s);
    renderWindow(s);
    setText("my-price", s.my_price_cents ? fmt(s.my_price_cents) : "geen actieve aanbieding");
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
      note.textContent = state.conn === "offline" ? "U bent offline. Zodra de verbinding terug is, kunt u weer bieden."
        : "De tijd is om. Het bieden wordt gesloten.";
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
    [[300, "Nog 5 minuten tot het bieden sluit."], [60, "Nog 1 minuut tot het bieden sluit."]].forEach(function (w) {
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
    error = error || { message: "Uw aanbieding is niet verwerkt." };
    var fields = error.fields || {}, parts = [];
    Object.keys(fields).forEach(function (k) {
      if (FIELD[k]) { fieldError(FIELD[k], fields[k]); }
      parts.push((FIELD_NAME[k] || k) + ": " + fields[k]);
    });
    answer(parts.length ? "Uw aanbieding is niet verwerkt. Controleer de invoer. " + parts.join(" ") : error.message, false);
  }

  function onSubmit(ev) {
    if (state.conn !== "connected") { return; } // an ordinary POST; the server decides the same way
    ev.preventDefault();
    if (state.busy) { return; }
    clearErrors();
    var price = $("price"), start = $("start_date"), approach = $("approach"), key = $("idempotency_key");
    var cents = parseEuros(price.value);
    if (cents === null) {
      fieldError("price", "Vul een bedrag in euro's in, bijvoorbeeld 1.234,56.");
      answer("Uw aanbieding is niet verstuurd: vul een geldig bedrag in.", false);
      price.focus();
      return;
    }
    state.busy = true;
    $("submit").disabled = true;
    answer("Uw aanbieding wordt verstuurd…", true);
    live.bid({ price_cents: cents, start_date: start.value || null,
               approach: approach.value.trim() || null, idempotency_key: key.value }, function (ack) {
      state.busy = false;
      $("submit").disabled = false;
      if (ack && ack.ok) {
        answer("Uw aanbieding van " + fmt(ack.bid.price_cents) + " is ontvangen (versie " + ack.bid.revision + ").", true);
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
