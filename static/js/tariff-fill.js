// The new-request form: fills the maximum price and the floor from the gemeente's tariff table
// as the consultant picks result areas, and asks for a reason only when the maximum typed lies
// above the table. Only a help: the server applies the same rule to whatever is sent, and
// without this script the form still works (the reason field is then always shown).
(function () {
  "use strict";

  var form = document.getElementById("new-request-form");
  var tableData = document.getElementById("tariff-table");
  var textData = document.getElementById("tariff-texts");
  if (!form || !tableData || !textData) {
    return;
  }
  var table = JSON.parse(tableData.textContent);
  var texts = JSON.parse(textData.textContent);
  var maxField = form.querySelector("[name=max_price]");
  var floorField = form.querySelector("[name=floor_price]");
  var reasonBox = document.getElementById("max-price-reason-box");
  var reasonField = form.querySelector("[name=max_price_reason]");
  var note = document.getElementById("tariff-note");
  var areas = form.querySelectorAll("select[data-tariff-area]");

  // What this script last wrote into a field: a value the consultant typed is never overwritten.
  var filled = { max: null, floor: null };

  // Amounts as the server reads them (marketplace/auction/inputs.py parse_euros): Dutch first
  // (1.234,56), then English (1,234.56).
  var AMOUNTS = [/^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/, /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/];

  function toCents(text) {
    var cleaned = (text || "").replace(/[€\s\u00a0]/g, "");
    for (var i = 0; i < AMOUNTS.length; i++) {
      var match = AMOUNTS[i].exec(cleaned);
      if (match) {
        var euros = parseInt(match[1].replace(/[.,]/g, ""), 10);
        var cents = parseInt(((match[2] || "0") + "0").slice(0, 2), 10);
        return euros * 100 + cents;
      }
    }
    return null;
  }

  function euros(cents) {
    var whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var rest = cents % 100;
    return whole + "," + (rest < 10 ? "0" : "") + rest;
  }

  // The table's sum for the areas picked: a number, null when none is picked, or undefined
  // when the table lacks one of them.
  function tableSum() {
    var sum = 0;
    var picked = 0;
    for (var i = 0; i < areas.length; i++) {
      var complexity = areas[i].value;
      if (!complexity) {
        continue;
      }
      picked += 1;
      var prices = table.prices[areas[i].getAttribute("data-tariff-area")] || {};
      if (typeof prices[complexity] !== "number") {
        return undefined;
      }
      sum += prices[complexity];
    }
    return picked ? sum : null;
  }

  function fill(field, key, value) {
    var ours = field.value.trim() === "" || field.value === filled[key];
    if (!ours) {
      return;
    }
    field.value = value;
    filled[key] = value;
  }

  function showReason(sum) {
    var typed = toCents(maxField.value);
    var needed = typeof sum === "number" && typed !== null && typed > sum;
    // Kept open when the server asked for a reason or one is written, so nothing typed disappears.
    reasonBox.hidden = !(needed || reasonField.value.trim() !== "" || reasonField.getAttribute("aria-invalid"));
  }

  function update() {
    var sum = tableSum();
    if (typeof sum === "number") {
      var floor = Math.floor(sum * table.floor_percent / 100);
      fill(maxField, "max", euros(sum));
      fill(floorField, "floor", floor > 0 ? euros(floor) : "");
      note.textContent = texts.table.replace("{max}", "€ " + euros(sum)).replace("{floor}", "€ " + euros(floor));
    } else {
      // No sum to offer: take back what this script filled in, never what was typed.
      fill(maxField, "max", "");
      fill(floorField, "floor", "");
      note.textContent = sum === undefined ? texts.missing : "";
    }
    showReason(sum);
  }

  for (var i = 0; i < areas.length; i++) {
    areas[i].addEventListener("change", update);
  }
  maxField.addEventListener("input", function () { showReason(tableSum()); });
  update();
}());
