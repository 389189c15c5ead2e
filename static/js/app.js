// Small behaviours shared by every page. No inline scripts: the CSP allows only our files.
document.addEventListener("htmx:responseError", function (event) {
  if (event.detail.xhr.status === 401) {
    return; // the session has ended: the re-login prompt below
  }
  var target = event.detail.target;
  if (target) {
    target.insertAdjacentHTML(
      "afterbegin",
      '<div class="alert alert-danger">บันทึกไม่สำเร็จ (' + event.detail.xhr.status + ") กรุณาลองใหม่</div>"
    );
  }
});

// The session ended while a form was open (core/middleware.py answers the htmx request with
// 401 and a sign-in form). Nothing on the page is replaced: the dialog signs in with fetch,
// takes the new CSRF token from the page it lands on and sends the same request again, so
// what was typed is saved.
(function () {
  var pending = null;
  var dialog = null;

  function modal() {
    if (!dialog) {
      dialog = document.createElement("div");
      dialog.className = "modal fade";
      dialog.id = "relogin-dialog";
      dialog.tabIndex = -1;
      dialog.setAttribute("aria-labelledby", "relogin-title");
      dialog.innerHTML =
        '<div class="modal-dialog"><div class="modal-content">' +
        '<div class="modal-header"><h2 class="modal-title h5" id="relogin-title">กรุณาเข้าสู่ระบบอีกครั้ง</h2>' +
        '<button type="button" class="btn-close" data-bs-dismiss="modal" aria-label="ปิด"></button></div>' +
        '<div class="modal-body"></div></div></div>';
      document.body.appendChild(dialog);
    }
    return dialog;
  }

  function setToken(token) {
    var headers = {};
    try {
      headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    } catch (e) {
      headers = {};
    }
    headers["X-CSRFToken"] = token;
    document.body.setAttribute("hx-headers", JSON.stringify(headers));
    document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      input.value = token;
    });
  }

  function resend(request) {
    var elt = request.elt;
    if (!document.body.contains(elt)) {
      return;
    }
    if (elt.tagName === "FORM" && elt.requestSubmit) {
      elt.requestSubmit();
    } else {
      htmx.trigger(elt, request.trigger || "click");
    }
  }

  function signIn(form) {
    var error = form.querySelector(".relogin-error");
    var data = new FormData(form);
    data.set("next", window.location.pathname);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        var landed = new URL(response.url).pathname;
        if (response.status === 429) {
          throw new Error("บัญชีนี้ถูกระงับชั่วคราวเพราะใส่รหัสผ่านผิดหลายครั้ง กรุณารอแล้วลองใหม่ สิ่งที่พิมพ์ไว้ยังอยู่ในหน้านี้");
        }
        if (!response.ok || !response.redirected || landed === new URL(form.action).pathname) {
          throw new Error("ชื่อผู้ใช้ รหัสผ่าน หรือรหัสยืนยันไม่ถูกต้อง");
        }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var headers = JSON.parse(page.body.getAttribute("hx-headers") || "{}");
        setToken(headers["X-CSRFToken"]);
        bootstrap.Modal.getOrCreateInstance(modal()).hide();
        var request = pending;
        pending = null;
        if (request) {
          resend(request);
        }
      })
      .catch(function (err) {
        error.textContent = err.message;
        error.classList.remove("d-none");
      });
  }

  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status !== 401) {
      return;
    }
    var triggering = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    pending = { elt: event.detail.elt, trigger: triggering ? triggering.type : null };
    var box = modal();
    box.querySelector(".modal-body").innerHTML = event.detail.xhr.responseText;
    var form = box.querySelector("form.relogin-form");
    form.addEventListener("submit", function (submit) {
      submit.preventDefault();
      signIn(form);
    });
    var instance = bootstrap.Modal.getOrCreateInstance(box);
    box.addEventListener(
      "shown.bs.modal",
      function () {
        form.querySelector("input[name=username]").focus();
      },
      { once: true }
    );
    instance.show();
  });
})();

// An action that cannot be undone asks first: <button data-confirm="…"> in a form.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = button && button.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// The bell's menu (templates/base.html): its latest notifications are loaded when it opens,
// so an ordinary page costs only the unread count.
document.addEventListener("show.bs.dropdown", function (event) {
  var bell = event.target;
  if (!bell || bell.id !== "nav-bell" || !window.htmx) {
    return;
  }
  var menu = document.getElementById("nav-bell-menu");
  if (menu && menu.dataset.menuUrl) {
    window.htmx.ajax("GET", menu.dataset.menuUrl, { target: menu, swap: "innerHTML" });
  }
});

// Copy-to-clipboard buttons (the OIT sheet): <button data-copy="text"> copies the text,
// <button data-copy-table="id"> copies every row's data-copy-row, tab-separated for ITAS.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy], [data-copy-table]");
  if (!button) return;
  var text = button.getAttribute("data-copy");
  if (text === null) {
    var table = document.getElementById(button.getAttribute("data-copy-table"));
    text = Array.prototype.map
      .call(table ? table.querySelectorAll("[data-copy-row]") : [], function (row) {
        return row.getAttribute("data-copy-row");
      })
      .join("\n");
  }
  var status = document.getElementById("copy-status");
  var done = function () {
    var label = button.textContent;
    button.textContent = "คัดลอกแล้ว";
    if (status) status.textContent = "คัดลอกแล้ว";
    setTimeout(function () {
      button.textContent = label;
    }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  } else {
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }
});

// A form swapped in by htmx that came back with errors: bring its message into view and put
// the cursor in the first field to fix. On a phone the message sits far above the save
// button that was tapped, and the user would otherwise take the form for saved.
document.addEventListener("htmx:afterSettle", function (event) {
  var root = event.detail.elt;
  var config = event.detail.requestConfig;
  if (!root || !root.querySelector || !config || config.verb !== "post") {
    return;
  }
  var alert = root.querySelector(".alert-danger, .alert-warning[role=alert]");
  var field = root.querySelector(".is-invalid");
  if (!alert && !field) {
    return;
  }
  (alert || field).scrollIntoView({ block: "center", behavior: "auto" });
  if (field && typeof field.focus === "function") {
    field.focus({ preventScroll: true });
  }
});
