/* Zorgbod: the consultant's live offers table on a request page. Uses ZorgbodLive (live.js)
 * for the connection; this file only draws the consultant view of the standings: every
 * offer with its provider, a countdown on the server's clock, the connection state and a
 * notice when a late bid extended the window. The page is rendered server-side first, so
 * without JavaScript it still shows the state at page load. */
(function () {
  "use strict";

  var root = document.getElementById("live-offers");
  if (!root || !window.io || !window.ZorgbodLive) { return; }

  var el = function (id) { return document.getElementById(id); };
  var body = el("live-offers-body");
  var countdown = el("live-countdown");
  var countdownLabel = el("live-countdown-label");
  var conn = el("live-conn");
  var extended = el("live-extended");
  var extendedTo = el("live-extended-to");
  var closesAtText = el("closes-at-text");
  var summary = el("live-summary");
  var detailUrl = root.getAttribute("data-detail-url");
  var status = root.getAttribute("data-status");
  var wordSuspended = root.getAttribute("data-word-suspended");
  var wordWithdrawn = root.getAttribute("data-word-withdrawn");
  var leaving = false;
  var zeroSince = null;

  var t = ZorgbodLive.t;  // words come from the page, in the reader's language
  var STATES = {
    connected: t("live_connected"),
    reconnecting: t("live_reconnecting"),
    offline: t("live_offline")
  };

  /* Numeric like the server's `local` filter, the same in every language. */
  var dateTime = new Intl.DateTimeFormat("nl-NL", {
    timeZone: "Europe/Amsterdam", day: "2-digit", month: "2-digit", year: "numeric",
    hour: "2-digit", minute: "2-digit"
  });

  function localTime(iso) { return dateTime.format(new Date(iso)).replace(",", ""); }

  function nlDate(iso) {
    var p = (iso || "").slice(0, 10).split("-");
    return p.length === 3 ? p[2] + "-" + p[1] + "-" + p[0] : "—";
  }

  function cell(tag, text, attrs) {
    var c = document.createElement(tag);
    c.textContent = text === null || text === undefined ? "—" : String(text);
    if (attrs) { Object.keys(attrs).forEach(function (k) { c.setAttribute(k, attrs[k]); }); }
    return c;
  }

  /* Leave for a fresh server-rendered page: always a GET of the detail URL, never a re-POST. */
  function reload() {
    if (leaving) { return; }
    leaving = true;
    window.location.assign(detailUrl);
  }

  function render(s) {
    if (s.status !== "open" && s.status !== "scheduled") { reload(); return; }
    if (status === "scheduled" && s.status === "open") { countdownLabel.textContent = t("closes_in"); }
    status = s.status;

    var rows = document.createDocumentFragment();
    /* Ranked offers, then suspended ones (unranked, cannot be chosen), then withdrawn ones. */
    var withdrawn = s.withdrawn || [];
    (s.offers || []).concat(withdrawn).forEach(function (o, i) {
      var tr = document.createElement("tr");
      var isWithdrawn = i >= (s.offers || []).length;
      if (isWithdrawn) { tr.className = "offer-withdrawn"; } else if (o.suspended) { tr.className = "offer-suspended"; }
      tr.appendChild(cell("td", isWithdrawn ? wordWithdrawn : (o.suspended ? wordSuspended : o.rank)));
      tr.appendChild(cell("th", o.provider && o.provider.name, { scope: "row" }));
      tr.appendChild(cell("td", ZorgbodLive.formatEur(o.price_cents)));
      tr.appendChild(cell("td", nlDate(o.start_date)));
      tr.appendChild(cell("td", o.approach));
      tr.appendChild(cell("td", o.revision));
      rows.appendChild(tr);
    });
    if ((!s.offers || !s.offers.length) && !withdrawn.length) {
      var empty = document.createElement("tr");
      empty.className = "empty";
      empty.appendChild(cell("td", t("no_offers_yet"), { colspan: "6" }));
      rows.appendChild(empty);
    }
    body.replaceChildren(rows);

    var n = s.bidder_count || 0;
    summary.textContent = t((s.best_price_cents ? "summary_best_" : "summary_") + (n === 1 ? "one" : "other"),
      { count: n, price: s.best_price_cents ? ZorgbodLive.formatEur(s.best_price_cents) : "" });
    closesAtText.textContent = localTime(s.closes_at);
    if (s.extended) {
      extendedTo.textContent = localTime(s.closes_at);
      extended.hidden = false;
    } else {
      extended.hidden = true;
    }
    tick();
  }

  function onState(state) {
    conn.className = "conn conn-" + state;
    conn.textContent = STATES[state] || state;
  }

  function tick() {
    var seconds;
    if (status === "scheduled" && live.standings) {
      seconds = Math.max(0, Math.floor((Date.parse(live.standings.opens_at) - live.serverNow()) / 1000));
    } else {
      seconds = live.secondsLeft();
    }
    if (seconds === null) { return; }
    countdown.textContent = ZorgbodLive.formatCountdown(seconds);
    /* The server closes the window and says so; if that word never arrives, look for ourselves. */
    if (status === "open" && seconds === 0) {
      zeroSince = zeroSince || Date.now();
      if (Date.now() - zeroSince > 15000) { reload(); }
    } else {
      zeroSince = null;
    }
  }

  onState("reconnecting");
  conn.textContent = t("live_connecting");
  var live = new ZorgbodLive({
    requestId: parseInt(root.getAttribute("data-request-id"), 10),
    token: root.getAttribute("data-token"),
    render: render,
    onState: onState,
    onClosed: function () { reload(); }
  });
  window.setInterval(tick, 1000);
})();
