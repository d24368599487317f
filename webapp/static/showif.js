// Shows and hides questions whose show_if depends on answers on the same page.
// The condition is structured data (data-show-if), evaluated in three-valued logic like the
// engine: a question of unknown applicability stays visible. Without this script every
// question shows, and the server ignores answers to questions that do not apply.
(function () {
  "use strict";
  var form = document.querySelector("form.wizard");
  if (!form) { return; }
  var stored = {};
  try { stored = JSON.parse(form.getAttribute("data-answers") || "{}"); } catch (e) { stored = {}; }
  var NA = { notApplicable: true };
  var UNKNOWN = undefined;

  function wrapper(qid) { return form.querySelector('[data-question="' + qid + '"]'); }

  function pageValue(qid) {
    var box = wrapper(qid);
    if (!box) { return stored.hasOwnProperty(qid) ? stored[qid] : UNKNOWN; }
    if (box.hidden) { return NA; }
    var inputs = box.querySelectorAll('[name="' + qid + '"]');
    if (!inputs.length) { return UNKNOWN; }
    var first = inputs[0];
    if (first.type === "radio") {
      for (var i = 0; i < inputs.length; i++) { if (inputs[i].checked) { return inputs[i].value; } }
      return UNKNOWN;
    }
    if (first.type === "checkbox") {
      var values = [];
      for (var j = 0; j < inputs.length; j++) { if (inputs[j].checked) { values.push(inputs[j].value); } }
      if (!values.length) { return UNKNOWN; }
      if (values.indexOf("unknown") >= 0) { return "unknown"; }
      return values.filter(function (v) { return v !== "__none__"; });
    }
    var text = (first.value || "").trim();
    var dk = box.querySelector('[name="' + qid + '__unknown"]');
    if (dk && dk.checked) { return "unknown"; }
    if (!text) { return UNKNOWN; }
    var number = Number(text.replace(",", "."));
    return isNaN(number) ? UNKNOWN : number;
  }

  function leaf(node) {
    var v = pageValue(node.q);
    if (v === NA) { return false; }
    if (v === UNKNOWN || v === "unknown") { return null; }
    if ("is" in node) { return v === node.is; }
    if ("in" in node) { return node.in.indexOf(v) >= 0; }
    if ("has" in node) { return v.indexOf(node.has) >= 0; }
    if ("has_any" in node) { return node.has_any.some(function (o) { return v.indexOf(o) >= 0; }); }
    if ("has_all" in node) { return node.has_all.every(function (o) { return v.indexOf(o) >= 0; }); }
    if ("gt" in node) { return v > node.gt; }
    if ("gte" in node) { return v >= node.gte; }
    if ("lt" in node) { return v < node.lt; }
    if ("lte" in node) { return v <= node.lte; }
    return null;
  }

  function evaluate(node) {
    if (node.all) {
      var all = true;
      for (var i = 0; i < node.all.length; i++) {
        var a = evaluate(node.all[i]);
        if (a === false) { return false; }
        if (a === null) { all = null; }
      }
      return all;
    }
    if (node.any) {
      var any = false;
      for (var j = 0; j < node.any.length; j++) {
        var b = evaluate(node.any[j]);
        if (b === true) { return true; }
        if (b === null) { any = null; }
      }
      return any;
    }
    if (node.not) {
      var c = evaluate(node.not);
      return c === null ? null : !c;
    }
    return leaf(node);
  }

  function update() {
    // Document order: a question's controllers come before it, so one pass suffices.
    var boxes = form.querySelectorAll("[data-show-if]");
    for (var i = 0; i < boxes.length; i++) {
      var condition = JSON.parse(boxes[i].getAttribute("data-show-if"));
      boxes[i].hidden = evaluate(condition) === false;
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  // "None of these" and "Don't know" exclude the other boxes of a multi question.
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "checkbox" || !input.checked) { return; }
    var siblings = form.querySelectorAll('[name="' + input.name + '"]');
    var exclusive = input.value === "__none__" || input.value === "unknown";
    for (var i = 0; i < siblings.length; i++) {
      var other = siblings[i];
      if (other === input) { continue; }
      var otherExclusive = other.value === "__none__" || other.value === "unknown";
      if (exclusive || otherExclusive) { other.checked = false; }
    }
  });
  var applies = form.querySelectorAll(".applies-when");
  for (var k = 0; k < applies.length; k++) { applies[k].hidden = true; }
  update();
})();
