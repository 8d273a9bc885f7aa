// Unisolated left-to-right runs in right-to-left text, as the bidi walk defines them.
//
// A *run* is a stretch of a text node that starts with a strong left-to-right letter
// (Latin script), ends with such a letter or a digit, and holds no right-to-left letter
// (Arabic or Hebrew script) and no Unicode isolate. A run is *suspect* when it contains
// anything but letters and spaces: punctuation, digits or symbols, the characters whose
// place the bidi algorithm decides from their surroundings ("Centre, Boulevard", "10:30",
// "a@b.example"). A suspect run is an error when its text node's nearest element has a
// computed right-to-left direction and no ancestor isolates it: <bdi>, dir="ltr" or
// dir="auto", or a computed unicode-bidi of isolate or plaintext. Text inside U+2066..U+2068
// ... U+2069 isolates is isolated too. Hidden elements, scripts and styles are skipped.
() => {
  const LATIN = "A-Za-z\u00C0-\u024F\u1E00-\u1EFF";
  const RTL = "\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF";
  const RUN = new RegExp(`[${LATIN}](?:[^${RTL}\u2066-\u2069]*[${LATIN}0-9])?`, "g");
  const SUSPECT = new RegExp(`[^\\s${LATIN}]`);
  const ISOLATED_TEXT = /[\u2066-\u2068][^\u2069]*\u2069/g;
  const SKIP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "TEXTAREA"]);

  const isolated = (element) => {
    for (let el = element; el && el.nodeType === 1; el = el.parentElement) {
      if (el.tagName === "BDI") return true;
      const dir = (el.getAttribute("dir") || "").toLowerCase();
      if (dir === "ltr" || dir === "auto") return true;
      const bidi = getComputedStyle(el).unicodeBidi;
      if (bidi === "plaintext") return true; // takes its direction from its own text
      if (bidi === "isolate" || bidi === "isolate-override") {
        // dir="rtl" elements are isolates too, but of the right-to-left kind.
        if (getComputedStyle(el).direction === "ltr") return true;
      }
      if (dir === "rtl") return false;
    }
    return false;
  };

  const problems = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || SKIP.has(parent.tagName) || parent.closest("script,style,template,noscript")) {
      continue;
    }
    if (!parent.checkVisibility({ visibilityProperty: true })) continue;
    if (getComputedStyle(parent).direction !== "rtl") continue;
    const text = node.nodeValue.replace(ISOLATED_TEXT, " ");
    const runs = (text.match(RUN) || []).filter((run) => SUSPECT.test(run));
    if (runs.length && !isolated(parent)) {
      problems.push({
        runs,
        text: node.nodeValue.trim().slice(0, 160),
        element: parent.outerHTML.slice(0, 240),
      });
    }
  }
  return problems;
}
