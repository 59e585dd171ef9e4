// Reply moves the comment form under the comment being answered. Without this file the
// Reply link opens the comment page, which posts the same reply.
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  var form = respond && respond.querySelector("form");
  if (!form) { return; }
  var parentInput = form.querySelector("input[name=parent]");
  var cancel = respond.querySelector("[data-cancel-reply]");
  var heading = respond.querySelector("[data-reply-heading]");
  var headingText = heading.textContent;
  var home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  document.querySelectorAll("[data-reply-to]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var comment = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
      if (!comment) { return; }
      event.preventDefault();
      comment.querySelector(".comment-body").after(respond);
      parentInput.value = link.getAttribute("data-reply-to");
      heading.textContent = link.getAttribute("aria-label");
      cancel.hidden = false;
      form.querySelector("textarea").focus();
    });
  });

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    home.after(respond);
    parentInput.value = "";
    heading.textContent = headingText;
    cancel.hidden = true;
    form.querySelector("textarea").focus();
  });
})();
