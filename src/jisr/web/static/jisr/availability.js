// "Away all morning" ticks or clears every slot of that half-day; ticking the slots
// one by one keeps the half-day box in step. Delegated, so it survives HTMX swaps.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
  var half = box.closest("[data-half-day]");
  if (!half) return;
  var toggle = half.querySelector("[data-toggle-half-day]");
  var slots = half.querySelectorAll('input[name="away"]');
  if (box === toggle) {
    slots.forEach(function (slot) { slot.checked = toggle.checked; });
    return;
  }
  if (toggle) {
    toggle.checked = Array.prototype.every.call(slots, function (slot) { return slot.checked; });
  }
});
