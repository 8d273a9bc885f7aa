// Behaviour that would otherwise need inline handlers, which the content security
// policy forbids: every page loads this file, and elements opt in with data attributes.
"use strict";

// <input data-select-on-focus>: select the whole value on focus (e.g. a feed address).
document.addEventListener("focusin", (event) => {
  const field = event.target;
  if (field instanceof HTMLInputElement && field.hasAttribute("data-select-on-focus")) {
    field.select();
  }
});
