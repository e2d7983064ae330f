// Progressive enhancement only: every page works without this file.
"use strict";

// A filter box above tables marked data-filterable.
document.querySelectorAll("table[data-filterable]").forEach((table) => {
  const input = document.createElement("input");
  input.type = "search";
  input.className = "filter";
  input.setAttribute("aria-label", table.dataset.filterLabel || "Filter");
  input.addEventListener("input", () => {
    const needle = input.value.trim().toLowerCase();
    table.querySelectorAll("tbody tr").forEach((row) => {
      row.hidden = needle !== "" && !row.textContent.toLowerCase().includes(needle);
    });
  });
  table.before(input);
});

// Move focus to the error summary so screen readers announce it.
const summary = document.querySelector(".error-summary");
if (summary) summary.focus();
