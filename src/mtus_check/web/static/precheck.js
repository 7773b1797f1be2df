// After a pre-check, move keyboard focus (and the view) to the verdict so the answer is what a
// screen reader reads next and the form is one Shift+Tab away.
(function () {
  var result = document.getElementById("result");
  if (!result || !result.firstElementChild) return;
  var heading = result.querySelector("h2");
  heading.setAttribute("tabindex", "-1");
  heading.focus();
  heading.scrollIntoView();
})();
