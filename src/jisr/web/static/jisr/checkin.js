/* The organizers' check-in page: scan badges with the phone camera where the browser
   has the BarcodeDetector API; the code field below always works without it. */
(function () {
  "use strict";
  var root = document.querySelector("[data-check-in]");
  if (!root) {
    return;
  }
  var form = root.querySelector("form.check-in-form");
  var input = form.querySelector("input[name=code]");
  var start = root.querySelector("[data-start-camera]");
  var video = root.querySelector("[data-scanner]");
  var noCamera = root.querySelector("[data-no-camera]");
  var last = "";
  var lastAt = 0;

  // After each answer, the field is emptied and ready for the next badge.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.target === form) {
      input.value = "";
      input.focus();
    }
  });

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    noCamera.hidden = false;
    return;
  }
  var detector = null;
  // Some browsers expose the API without a QR code reader behind it.
  window.BarcodeDetector.getSupportedFormats()
    .then(function (formats) {
      if (formats.indexOf("qr_code") === -1) {
        noCamera.hidden = false;
        return;
      }
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      start.hidden = false;
    })
    .catch(function () {
      noCamera.hidden = false;
    });

  function scan() {
    detector
      .detect(video)
      .then(function (codes) {
        var now = Date.now();
        if (codes.length && (codes[0].rawValue !== last || now - lastAt > 5000)) {
          last = codes[0].rawValue;
          lastAt = now;
          input.value = last;
          form.requestSubmit();
        }
      })
      .catch(function () {})
      .then(function () {
        window.setTimeout(scan, 300);
      });
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        start.hidden = true;
        return video.play();
      })
      .then(scan)
      .catch(function () {
        noCamera.hidden = false;
      });
  });
})();
