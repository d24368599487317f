// Shows and hides questions whose show_if depends on answers on the same page, with the
// evaluator of conditions.js (the engine's three-valued logic): a question of unknown
// applicability stays visible. Without this script every question shows, and the server
// ignores answers to questions that do not apply.
(function () {
  "use strict";
  var form = document.querySelector("form.wizard");
  var W = window.Weighbridge;
  if (!form || !W) { return; }
  var stored = {};
  try { stored = JSON.parse(form.getAttribute("data-answers") || "{}"); } catch (e) { stored = {}; }

  function wrapper(qid) { return form.querySelector('[data-question="' + qid + '"]'); }

  function pageValue(qid) {
    var box = wrapper(qid);
    if (!box) { return stored.hasOwnProperty(qid) ? stored[qid] : undefined; }
    if (box.hidden) { return W.NA; }
    var type = W.types[box.getAttribute("data-type")];
    var value = type ? type.read(box, qid) : undefined;
    // Shown because whether it applies is not known yet: its answer counts only against.
    if (box.hasAttribute("data-may-apply") && value !== undefined && value !== "unknown") {
      return { conditional: value };
    }
    return value;
  }

  function update() {
    // Document order: a question's controllers come before it, so one pass suffices.
    var boxes = form.querySelectorAll("[data-show-if]");
    for (var i = 0; i < boxes.length; i++) {
      var condition = JSON.parse(boxes[i].getAttribute("data-show-if"));
      var applies = W.evaluate(condition, pageValue);
      boxes[i].hidden = applies === false;
      if (applies === null) { boxes[i].setAttribute("data-may-apply", ""); }
      else { boxes[i].removeAttribute("data-may-apply"); }
    }
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  // "None of these" and "Don't know" (data-exclusive) exclude the other boxes of a question.
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "checkbox" || !input.checked) { return; }
    var siblings = form.querySelectorAll('[name="' + input.name + '"]');
    var exclusive = input.hasAttribute("data-exclusive");
    for (var i = 0; i < siblings.length; i++) {
      var other = siblings[i];
      if (other !== input && (exclusive || other.hasAttribute("data-exclusive"))) {
        other.checked = false;
      }
    }
  });
  var applies = form.querySelectorAll(".applies-when");
  for (var k = 0; k < applies.length; k++) { applies[k].hidden = true; }
  update();
})();
