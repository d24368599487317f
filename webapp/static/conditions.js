// Conditions as the engine evaluates them (webapp/engine/compiling/evaluate.py), for the
// browser's show_if: a leaf on a question that is not applicable is false, on an unknown answer
// unknown (null), on an answer to a question that may or may not apply ({conditional: value})
// false when the answer fails the test and unknown otherwise; all / any / not follow Kleene's
// three-valued logic. Each question type
// registers, in one call below, how to read its answer from the page and the operators its
// conditions allow. tests/test_condition_parity.py runs one table of cases through this file
// (in Node) and through the Python evaluator and requires the same answers.
(function (root) {
  "use strict";
  var NA = { notApplicable: true };
  var types = {};
  var operators = {};

  function registerType(id, spec) {
    types[id] = spec;
    for (var op in spec.ops) { operators[op] = spec.ops[op]; }
  }

  function operatorOf(node) {
    for (var key in node) { if (key !== "q") { return key; } }
    return null;
  }

  function leaf(node, valueOf) {
    var v = valueOf(node.q);
    if (v === NA) { return false; }
    if (v === undefined || v === null || v === "unknown") { return null; }
    var op = operatorOf(node);
    if (!operators[op]) { return null; }
    if (v !== null && typeof v === "object" && "conditional" in v) {
      return operators[op](v.conditional, node[op]) ? null : false;
    }
    return operators[op](v, node[op]);
  }

  function evaluate(node, valueOf) {
    var i, value, result;
    if (node.all) {
      result = true;
      for (i = 0; i < node.all.length; i++) {
        value = evaluate(node.all[i], valueOf);
        if (value === false) { return false; }
        if (value === null) { result = null; }
      }
      return result;
    }
    if (node.any) {
      result = false;
      for (i = 0; i < node.any.length; i++) {
        value = evaluate(node.any[i], valueOf);
        if (value === true) { return true; }
        if (value === null) { result = null; }
      }
      return result;
    }
    if (node.not) {
      value = evaluate(node.not, valueOf);
      return value === null ? null : !value;
    }
    return leaf(node, valueOf);
  }

  function checked(box, qid) {
    return box.querySelectorAll('[name="' + qid + '"]:checked');
  }

  function unknownTicked(box, qid) {
    var dk = box.querySelector('[name="' + qid + '__unknown"]');
    return !!(dk && dk.checked);
  }

  function typedText(box, qid) {
    var input = box.querySelector('[name="' + qid + '"]');
    return input ? (input.value || "").trim() : "";
  }

  function contains(list, item) { return list.indexOf(item) >= 0; }

  // choice: one radio button per option.
  registerType("choice", {
    read: function (box, qid) {
      var input = checked(box, qid)[0];
      return input ? input.value : undefined;
    },
    ops: {
      is: function (v, operand) { return v === operand; },
      in: function (v, operand) { return contains(operand, v); }
    }
  });

  // yesno: a choice of yes and no.
  registerType("yesno", { read: types.choice.read, ops: types.choice.ops });

  // multi: checkboxes; "None of these" (data-exclusive) is [], "Don't know" is unknown.
  registerType("multi", {
    read: function (box, qid) {
      var inputs = checked(box, qid), values = [];
      if (!inputs.length) { return undefined; }
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].value === "unknown") { return "unknown"; }
        if (!inputs[i].hasAttribute("data-exclusive")) { values.push(inputs[i].value); }
      }
      return values;
    },
    ops: {
      has: function (v, operand) { return contains(v, operand); },
      has_any: function (v, operand) { return operand.some(function (o) { return contains(v, o); }); },
      has_all: function (v, operand) { return operand.every(function (o) { return contains(v, o); }); }
    }
  });

  // number: typed digits (a decimal comma is accepted) or "Don't know".
  registerType("number", {
    read: function (box, qid) {
      if (unknownTicked(box, qid)) { return "unknown"; }
      var text = typedText(box, qid);
      var number = Number(text.replace(",", "."));
      return text && !isNaN(number) ? number : undefined;
    },
    ops: {
      gt: function (v, operand) { return v > operand; },
      gte: function (v, operand) { return v >= operand; },
      lt: function (v, operand) { return v < operand; },
      lte: function (v, operand) { return v <= operand; }
    }
  });

  // text: free text, which no condition tests.
  registerType("text", {
    read: function (box, qid) { return typedText(box, qid) || undefined; },
    ops: {}
  });

  // date: YYYY-MM-DD from the date picker; ISO dates compare as strings.
  registerType("date", {
    read: function (box, qid) {
      if (unknownTicked(box, qid)) { return "unknown"; }
      var text = typedText(box, qid);
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined;
    },
    ops: {
      before: function (v, operand) { return v < operand; },
      after: function (v, operand) { return v > operand; }
    }
  });

  var api = { NA: NA, types: types, registerType: registerType, evaluate: evaluate };
  root.Weighbridge = api;
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
})(typeof window !== "undefined" ? window : globalThis);
