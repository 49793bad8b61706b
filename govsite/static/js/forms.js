// Forms after a failed submit: the error summary has the focus (autofocus does
// it without JavaScript, except when the URL carries a fragment), and each of
// its links moves the focus to the field it names, not only the scroll position.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }
});

document.addEventListener("click", function (event) {
  var link = event.target.closest(".error-summary a[href^='#']");
  var target = link && document.getElementById(link.hash.slice(1));
  if (!target) {
    return;
  }
  var field = target.matches("input, select, textarea")
    ? target
    : target.querySelector("input, select, textarea");
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  }
});
