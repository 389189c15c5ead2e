// Small behaviours shared by every page. No inline scripts: the CSP allows only our files.
document.addEventListener("htmx:responseError", function (event) {
  var target = event.detail.target;
  if (target) {
    target.insertAdjacentHTML(
      "afterbegin",
      '<div class="alert alert-danger">บันทึกไม่สำเร็จ (' + event.detail.xhr.status + ") กรุณาลองใหม่</div>"
    );
  }
});

// An action that cannot be undone asks first: <button data-confirm="…"> in a form.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = button && button.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
