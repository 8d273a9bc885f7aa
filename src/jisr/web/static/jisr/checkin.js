/* The organizers' check-in page: scan badges with the phone camera, through the
   browser's BarcodeDetector API where it reads QR codes, and otherwise through the
   vendored jsQR (iPhone Safari and Chromium on Linux have no BarcodeDetector). The code
   field below always works without either. */
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
  // A badge held in front of the camera is read many times a second: the same code is
  // sent again only after this long, so one scan makes one request.
  var REPEAT_MS = 5000;
  // jsQR decodes on the main thread: a frame every 150 ms at most 640 px on its long
  // side reads a badge at arm's length and leaves a phone responsive.
  var FRAME_MS = 150;
  var MAX_SIDE = 640;
  var last = "";
  var lastAt = 0;

  // After each answer, the field is emptied and ready for the next badge.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.target === form) {
      input.value = "";
      input.focus();
    }
  });

  if (!navigator.mediaDevices) {
    noCamera.hidden = false;
    return;
  }

  // A reader looks at the current video frame and resolves to the text of a QR code in
  // it, or null; `every` is how long to wait before looking again.
  function barcodeDetectorReader() {
    if (!("BarcodeDetector" in window)) {
      return Promise.resolve(null);
    }
    // Some browsers expose the API without a QR code reader behind it.
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") === -1) {
        return null;
      }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return {
        every: 300,
        read: function () {
          return detector.detect(video).then(function (codes) {
            return codes.length ? codes[0].rawValue : null;
          });
        },
      };
    });
  }

  // Fetched only where it is needed: phones with BarcodeDetector never download it.
  function loadJsQR() {
    if (window.jsQR) {
      return Promise.resolve();
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root.getAttribute("data-jsqr");
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function jsQRReader() {
    return loadJsQR().then(function () {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return {
        every: FRAME_MS,
        read: function () {
          var scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
          var width = Math.round(video.videoWidth * scale);
          var height = Math.round(video.videoHeight * scale);
          if (!width || !height) {
            return Promise.resolve(null); // no frame yet
          }
          if (canvas.width !== width || canvas.height !== height) {
            canvas.width = width;
            canvas.height = height;
          }
          context.drawImage(video, 0, 0, width, height);
          var pixels = context.getImageData(0, 0, width, height);
          // Badges are printed dark on light: skipping the inverted pass halves the work.
          var code = window.jsQR(pixels.data, width, height, { inversionAttempts: "dontInvert" });
          return Promise.resolve(code && code.data ? code.data : null);
        },
      };
    });
  }

  // Every reader, whichever it is, hands what it finds to this one place.
  function found(text) {
    var now = Date.now();
    if (text !== last || now - lastAt > REPEAT_MS) {
      last = text;
      lastAt = now;
      input.value = text;
      form.requestSubmit();
    }
  }

  function scan(reader) {
    reader
      .read()
      .then(function (text) {
        if (text) {
          found(text);
        }
      })
      .catch(function () {})
      .then(function () {
        window.setTimeout(scan, reader.every, reader);
      });
  }

  var ready = barcodeDetectorReader()
    .catch(function () {
      return null;
    })
    .then(function (reader) {
      return reader || jsQRReader();
    });
  ready.then(
    function (reader) {
      start.hidden = false;
      start.addEventListener("click", function () {
        navigator.mediaDevices
          .getUserMedia({ video: { facingMode: "environment" }, audio: false })
          .then(function (stream) {
            video.srcObject = stream;
            video.hidden = false;
            start.hidden = true;
            return video.play();
          })
          .then(function () {
            scan(reader);
          })
          .catch(function () {
            noCamera.hidden = false;
          });
      });
    },
    function () {
      noCamera.hidden = false;
    }
  );
})();
