/* Funding bars: each .progress track gets its filled part, as wide as its data-percent,
   sized through the CSS object model so that the Content-Security-Policy needs no inline
   style. The sentence beside each bar carries the same figure: without JavaScript the
   track stays empty and nothing is lost. */
(function () {
  "use strict";

  function fill(bar) {
    var percent = parseFloat(bar.dataset.percent);
    if (isNaN(percent)) {
      return;
    }
    var part = document.createElement("span");
    part.style.inlineSize = Math.min(Math.max(percent, 0), 100) + "%";
    bar.replaceChildren(part);
  }

  document.querySelectorAll(".progress[data-percent]").forEach(fill);
})();
