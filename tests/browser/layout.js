// What a reader loses when a page does not fit its screen; run by tests/browser/test_layout.py.
// Returns a list of sentences, one for each fault found (at most a few for each kind).
return (function () {
  "use strict";
  var root = document.documentElement;
  var width = root.clientWidth;
  var faults = [];
  var counts = {};

  function say(kind, text) {
    counts[kind] = (counts[kind] || 0) + 1;
    if (counts[kind] <= 5) {
      faults.push(kind + ": " + text);
    }
  }

  function describe(element) {
    var name = element.tagName.toLowerCase();
    if (element.id) {
      name += "#" + element.id;
    } else if (typeof element.className === "string" && element.className.trim()) {
      name += "." + element.className.trim().split(/\s+/).join(".");
    }
    var words = (element.innerText || element.textContent || "").replace(/\s+/g, " ").trim();
    return name + (words ? " «" + words.slice(0, 60) + "»" : "");
  }

  function accessibleName(element) {
    var label = (element.getAttribute("aria-label") || "").trim();
    if (label) {
      return label;
    }
    return (element.getAttribute("aria-labelledby") || "").split(/\s+/).map(function (id) {
      var named = id && document.getElementById(id);
      return named ? named.textContent.trim() : "";
    }).join(" ").trim();
  }

  // WCAG 1.4.10 lets a data table scroll, inside a region a keyboard reaches and a screen reader names.
  function labelledScrollRegion(element) {
    return element.getAttribute("role") === "region" && element.getAttribute("tabindex") === "0" &&
      accessibleName(element) !== "";
  }

  // Visually hidden on purpose (for screen readers only): clipped to a pixel.
  function visuallyHidden(element, style, box) {
    return style.clip !== "auto" || /inset\(50%\)/.test(style.clipPath) || (box.width <= 1 && box.height <= 1);
  }

  // The nearest box around the element that does not let it overflow visibly: it scrolls or cuts.
  function container(element) {
    for (var parent = element.parentElement; parent; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX !== "visible") {
        return parent;
      }
    }
    return null;
  }

  if (root.scrollWidth > root.clientWidth) {
    say("sideways", "the page scrolls sideways by " + (root.scrollWidth - root.clientWidth) + " px");
  }

  var skipped = new Set();
  var reported = new Set();
  Array.prototype.forEach.call(document.body.querySelectorAll("*"), function (element) {
    if (skipped.has(element.parentElement) || element.closest("svg") && element.tagName.toLowerCase() !== "svg") {
      skipped.add(element);
      return;
    }
    var style = getComputedStyle(element);
    var box = element.getBoundingClientRect();
    if (style.display === "none" || (box.width === 0 && box.height === 0)) {
      return;
    }
    if (visuallyHidden(element, style, box) || box.right <= 0) {  // the skip link waits left of the page
      skipped.add(element);
      return;
    }
    // Text cut off: a box that hides what does not fit in it (a visually hidden text aside). An e-mail or web
    // address field is left out: an address is one word that no width can promise to hold, and the field
    // scrolls it as the caret moves, as every browser's text field does.
    var cuts = ["hidden", "clip"];
    var address = element.matches("input[type=email], input[type=url]");
    if (!address && (cuts.indexOf(style.overflowX) >= 0 && element.scrollWidth > element.clientWidth + 1) ||
        (cuts.indexOf(style.overflowY) >= 0 && element.scrollHeight > element.clientHeight + 1)) {
      say("cut", describe(element) + " hides part of what it holds");
    }
    var around = container(element);
    var edge = width;
    if (around && around !== root && around !== document.body) {
      var outer = around.getBoundingClientRect();
      edge = outer.left + around.clientLeft + around.clientWidth;
    }
    if (box.right <= edge + 0.5 || reported.has(around)) {
      return;
    }
    reported.add(around);
    var overflow = around ? getComputedStyle(around).overflowX : "visible";
    if (!around || around === root || around === document.body) {
      say(overflow === "visible" ? "wider" : "cut", describe(element) + " reaches " + Math.round(box.right) +
        " px, beyond the page's " + width + " px");
    } else if (overflow === "auto" || overflow === "scroll") {
      if (!labelledScrollRegion(around)) {
        say("unlabelled", describe(element) + " scrolls inside " + describe(around) +
          ", which is not a labelled region (role=region, a name, tabindex=0)");
      }
    } else {
      say("cut", describe(element) + " is cut off by " + describe(around) + " (overflow: " + overflow + ")");
    }
  });

  // Words are not broken in the middle: not by the styles of the table cells and headings, nor on screen.
  var texts = document.querySelectorAll("th, td, caption, h1, h2, h3, h4, h5, h6");
  Array.prototype.forEach.call(texts, function (element) {
    var style = getComputedStyle(element);
    if (style.wordBreak === "break-all" || style.wordBreak === "break-word" ||
        style.overflowWrap === "anywhere" || style.hyphens === "auto") {
      say("styles", describe(element) + " lets words break in the middle (word-break: " + style.wordBreak +
        ", overflow-wrap: " + style.overflowWrap + ", hyphens: " + style.hyphens + ")");
    }
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement;
      if (skipped.has(parent) || parent.closest(".visually-hidden")) {
        continue;
      }
      // A word, or the part of a compound up to its hyphen or slash, where a line may break.
      var pattern = /[^\s\-\u2010-\u2014\/]+[\-\u2010-\u2014\/]?/g;
      var match;
      while ((match = pattern.exec(node.data)) !== null) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        var lines = new Set();
        Array.prototype.forEach.call(range.getClientRects(), function (rect) {
          if (rect.width > 0) {
            lines.add(Math.round(rect.top));
          }
        });
        if (lines.size > 1) {
          say("broken", "«" + match[0] + "» breaks over " + lines.size + " lines in " + describe(element));
        }
      }
    }
  });
  // A table that reflows (no longer shown as a table) shows each data cell under its column's header.
  Array.prototype.forEach.call(document.querySelectorAll("table"), function (table) {
    if (getComputedStyle(table).display === "table" || skipped.has(table) || !table.tHead) {
      return;
    }
    var headers = [];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      for (var span = 0; span < cell.colSpan; span++) {
        headers.push(cell.textContent.replace(/\s+/g, " ").trim());
      }
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr, tfoot tr"), function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var header = headers[column] || "";
        column += cell.colSpan;
        var shown = cell.textContent.trim() !== "" && getComputedStyle(cell).display !== "none";
        if (cell.tagName !== "TD" || cell.colSpan > 1 || !shown) {
          return;  // a row's own header, or a sum across columns that the row's header names
        }
        var label = getComputedStyle(cell, "::before");
        if (label.display === "none" || label.content.indexOf(JSON.stringify(header)) !== 0) {
          say("reflow", describe(table.caption || table) + " shows «" + cell.textContent.trim().slice(0, 30) +
            "» without its header «" + header + "» (before it: " + label.content + ")");
        }
      });
    });
  });
  return faults;
})();
