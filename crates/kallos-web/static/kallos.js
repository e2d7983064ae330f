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

// Upload forms show the upload's progress, then follow to the submission page.
document.querySelectorAll("form[data-upload]").forEach((form) => {
  const bar = form.querySelector("progress");
  form.addEventListener("submit", (event) => {
    if (!window.XMLHttpRequest || !bar) return;
    event.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 400) {
        window.location.assign(xhr.responseURL);
      } else {
        document.open();
        document.write(xhr.responseText);
        document.close();
      }
    });
    xhr.send(new FormData(form));
  });
});
