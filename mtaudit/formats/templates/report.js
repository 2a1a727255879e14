/* mtaudit report: panel, suggestions, corrected text, findings list. No network, no eval,
   untrusted text only ever reaches the page as text nodes or form values. */
(function () {
  "use strict";
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  /* ---- Sortable tables (report and index) ---- */
  function cellValue(row, column, numeric) {
    const cell = row.cells[column];
    const raw = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim();
    return numeric ? parseFloat(raw) || 0 : raw.toLowerCase();
  }
  $$("table.sortable").forEach((table) => {
    $$("thead th button[data-sort]", table).forEach((button) => {
      button.addEventListener("click", () => {
        const th = button.closest("th");
        const column = th.cellIndex;
        const numeric = button.dataset.sort === "num";
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        $$("thead th", table).forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = cellValue(a, column, numeric);
          const y = cellValue(b, column, numeric);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        body.append(...rows);
      });
    });
  });

  /* ---- Theme ---- */
  const themeButton = $("#theme");
  if (themeButton) {
    const order = ["auto", "dark", "light"];
    themeButton.addEventListener("click", () => {
      const root = document.documentElement;
      const next = order[(order.indexOf(root.dataset.theme || "auto") + 1) % order.length];
      if (next === "auto") delete root.dataset.theme; else root.dataset.theme = next;
      themeButton.setAttribute("aria-label", "Colour theme: " + (next === "auto" ? "automatic" : next));
    });
  }

  const dataNode = $("#report-data");
  if (!dataNode) {
    /* Index page: filter by name. */
    const search = $("#f-search");
    if (search) {
      search.addEventListener("input", () => {
        const q = search.value.trim().toLowerCase();
        $$("#index-table tbody tr").forEach((row) => { row.hidden = q !== "" && !row.cells[0].textContent.toLowerCase().includes(q); });
      });
    }
    return;
  }

  const data = JSON.parse(dataNode.textContent);
  const F = data.findings;
  const article = $("#article");
  // The article's text is the target text, unless the HTML parser changed it (CR, NUL): then it is in the data.
  const text = typeof data.text === "string" ? data.text : (article ? article.textContent : "");
  const decisions = new Map(); // finding index -> accepted suggestion index, or -1 when rejected
  let current = -1;

  /* Offsets are code points; JavaScript strings count UTF-16 units. */
  const astral = [];
  for (let unit = 0, cp = 0; unit < text.length; unit++, cp++) {
    const code = text.charCodeAt(unit);
    if (code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length) { astral.push(cp); unit++; }
  }
  function unitOffset(cp) {
    let lo = 0, hi = astral.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (astral[mid] < cp) lo = mid + 1; else hi = mid; }
    return cp + lo;
  }

  /* ---- Views (tabs) ---- */
  const tabs = $$('[role="tab"]');
  function showView(id) {
    tabs.forEach((tab) => {
      const selected = tab.getAttribute("aria-controls") === id;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $("#" + tab.getAttribute("aria-controls")).hidden = !selected;
    });
    if (id === "view-corrected") renderCorrected();
  }
  tabs.forEach((tab, position) => {
    tab.addEventListener("click", () => showView(tab.getAttribute("aria-controls")));
    tab.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      const next = tabs[(position + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      showView(next.getAttribute("aria-controls"));
    });
  });

  /* ---- Highlights and the panel ---- */
  const markOf = new Map(); // finding index -> the mark where it starts
  $$("mark[data-s]", article || document.createElement("div")).forEach((mark) => {
    mark.dataset.s.split(" ").forEach((i) => markOf.set(Number(i), mark));
  });
  const panelBody = $("#panel-body");
  const panelTitle = $("#panel-title");
  const cardStore = $("#cards");
  const panelHint = panelBody.innerHTML; // our own static markup, captured once

  function indexesOf(mark) { return mark.dataset.f.split(" ").map(Number); }

  function closePanel() {
    $$(".card", panelBody).forEach((card) => cardStore.append(card));
    panelBody.innerHTML = panelHint;
    panelTitle.textContent = "Finding details";
    $$("mark.active").forEach((m) => m.classList.remove("active"));
  }

  function openPanel(indexes, focus) {
    $$(".card", panelBody).forEach((card) => cardStore.append(card));
    panelBody.textContent = "";
    const ordered = [focus].concat(indexes.filter((i) => i !== focus));
    ordered.forEach((i) => { const card = document.getElementById("card-" + i); if (card) panelBody.append(card); });
    panelTitle.textContent = indexes.length > 1 ? indexes.length + " overlapping findings" : "Finding #" + (focus + 1);
    current = focus;
    $$("mark.active").forEach((m) => m.classList.remove("active"));
    $$("mark[data-f]", article).forEach((m) => { if (indexesOf(m).includes(focus)) m.classList.add("active"); });
  }

  function goTo(i) {
    const mark = markOf.get(i);
    if (!mark) return;
    if (article.closest(".view").hidden) showView("view-article");
    mark.focus({ preventScroll: true });
    mark.scrollIntoView({ block: "center" });
    openPanel(indexesOf(mark), i);
  }

  if (article) {
    article.addEventListener("click", (event) => {
      const mark = event.target.closest("mark[data-f]");
      if (!mark) return;
      const indexes = indexesOf(mark);
      const starts = mark.dataset.s ? mark.dataset.s.split(" ").map(Number) : [];
      openPanel(indexes, starts.length ? starts[0] : indexes[0]);
    });
    article.addEventListener("focusin", (event) => {
      const mark = event.target.closest("mark[data-f]");
      if (!mark) return;
      const indexes = indexesOf(mark);
      if (!indexes.includes(current)) openPanel(indexes, mark.dataset.s ? Number(mark.dataset.s.split(" ")[0]) : indexes[0]);
    });
    article.addEventListener("keydown", (event) => {
      const mark = event.target.closest("mark[data-f]");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        mark.click();
        const card = panelBody.querySelector("button");
        if (card) card.focus();
      }
    });
  }
  $("#panel-close").addEventListener("click", () => {
    const mark = markOf.get(current);
    closePanel();
    current = -1;
    if (mark) mark.focus();
  });

  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-goto]");
    if (link) { event.preventDefault(); goTo(Number(link.dataset.goto)); }
  });

  /* ---- Decisions ---- */
  function decide(i, k) {
    if (i < 0 || i >= F.length) return;
    if (decisions.get(i) === k) decisions.delete(i); else decisions.set(i, k);
    showDecision(i);
    afterDecisions();
  }
  function showDecision(i) {
    const k = decisions.has(i) ? decisions.get(i) : null;
    $$('[data-act][data-i="' + i + '"]').forEach((button) => {
      const pressed = button.dataset.act === "reject" ? k === -1 : k === Number(button.dataset.k);
      button.setAttribute("aria-pressed", String(pressed));
    });
    const label = k === null ? "Pending" : k === -1 ? "Rejected" : "Accepted";
    $$('[data-state="' + i + '"]').forEach((node) => { node.textContent = label; });
    const mark = markOf.get(i);
    if (mark) {
      mark.classList.toggle("decided-accepted", k !== null && k >= 0);
      mark.classList.toggle("decided-rejected", k === -1);
    }
  }
  let correctedDirty = true;
  function afterDecisions() {
    correctedDirty = true;
    let accepted = 0;
    decisions.forEach((k) => { if (k >= 0) accepted++; });
    $("#accepted-count").textContent = String(accepted);
    if (!$("#view-corrected").hidden) renderCorrected();
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-act]");
    if (!button) return;
    const i = Number(button.dataset.i);
    decide(i, button.dataset.act === "reject" ? -1 : Number(button.dataset.k));
  });

  const bulk = $("#bulk-accept");
  if (bulk) {
    bulk.addEventListener("click", () => {
      const minimum = Number($("#bulk-severity").value);
      F.forEach((f, i) => {
        if (f.rank >= minimum && f.suggestions.length && !decisions.has(i)) { decisions.set(i, 0); showDecision(i); }
      });
      afterDecisions();
    });
    $("#bulk-reset").addEventListener("click", () => {
      const decided = Array.from(decisions.keys());
      decisions.clear();
      decided.forEach(showDecision);
      afterDecisions();
    });
  }

  /* ---- Corrected text ---- */
  function corrected() {
    const edits = Array.from(decisions.entries()).filter(([, k]) => k >= 0).map(([i]) => i);
    edits.sort((a, b) => F[a].start - F[b].start || F[a].end - F[b].end || a - b);
    const parts = []; // [kind, text]: "same", "del", "ins"
    const skipped = [];
    let position = 0;
    edits.forEach((i) => {
      const f = F[i];
      const start = unitOffset(f.start), end = unitOffset(f.end);
      if (start < position) { skipped.push(i); return; }
      if (start > position) parts.push(["same", text.slice(position, start)]);
      if (end > start) parts.push(["del", text.slice(start, end)]);
      parts.push(["ins", f.suggestions[decisions.get(i)]]);
      position = end;
    });
    if (position < text.length) parts.push(["same", text.slice(position)]);
    return { parts, skipped, count: edits.length - skipped.length };
  }
  function correctedText() {
    return corrected().parts.filter(([kind]) => kind !== "del").map(([, value]) => value).join("");
  }
  function renderCorrected() {
    if (!correctedDirty) return;
    correctedDirty = false;
    const { parts, skipped, count } = corrected();
    const fragment = document.createDocumentFragment();
    parts.forEach(([kind, value]) => {
      if (kind === "same") { fragment.append(value); return; }
      const node = document.createElement(kind);
      node.textContent = value;
      node.setAttribute("aria-label", (kind === "ins" ? "inserted: " : "deleted: ") + value);
      fragment.append(node);
    });
    $("#diff").replaceChildren(fragment);
    $("#corrected").value = parts.filter(([kind]) => kind !== "del").map(([, value]) => value).join("");
    let status = count ? count + " accepted suggestion" + (count === 1 ? "" : "s") + " applied: deletions struck through, insertions underlined."
      : "No suggestion accepted yet: accept suggestions in the article, the findings list, or with “Accept all”.";
    if (skipped.length) status += " " + skipped.length + " accepted suggestion" + (skipped.length === 1 ? " overlaps" : "s overlap") + " an earlier one and " + (skipped.length === 1 ? "was" : "were") + " not applied: #" + skipped.map((i) => i + 1).join(", #") + ".";
    $("#corrected-status").textContent = status;
  }
  const copyStatus = $("#copy-status");
  $("#copy").addEventListener("click", () => {
    const value = correctedText();
    const fallback = () => {
      const area = $("#corrected");
      area.value = value;
      area.select();
      const ok = document.execCommand && document.execCommand("copy");
      copyStatus.textContent = ok ? "Copied." : "Select the text below and copy it.";
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(() => { copyStatus.textContent = "Copied."; }, fallback);
    } else {
      fallback();
    }
  });
  $("#download").addEventListener("click", () => {
    const blob = new Blob([correctedText()], { type: "text/plain;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    const base = String(data.name).split(/[\\/]/).pop().replace(/\.[^.]*$/, "") || "document";
    link.download = base + ".corrected.txt";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });

  /* ---- Findings list filters ---- */
  const table = $("#findings-table");
  function applyFilters() {
    if (!table) return;
    const severities = new Set($$(".f-sev").filter((box) => box.checked).map((box) => box.value));
    const category = $("#f-cat").value;
    const query = $("#f-search").value.trim().toLowerCase();
    let shown = 0;
    $$("tbody tr", table).forEach((row) => {
      const visible = severities.has(row.dataset.sev) && (!category || row.dataset.cat === category)
        && (!query || row.textContent.toLowerCase().includes(query));
      row.hidden = !visible;
      if (visible) shown++;
    });
    $("#findings-shown").textContent = "(" + shown + " of " + table.tBodies[0].rows.length + ")";
    $("#no-rows").hidden = shown !== 0;
  }
  if (table) {
    $$(".f-sev").forEach((box) => box.addEventListener("change", applyFilters));
    $("#f-cat").addEventListener("change", applyFilters);
    $("#f-search").addEventListener("input", applyFilters);
  }

  /* ---- Keyboard ---- */
  const help = $("#help");
  $("#help-toggle").addEventListener("click", (event) => {
    help.hidden = !help.hidden;
    event.currentTarget.setAttribute("aria-expanded", String(!help.hidden));
  });
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target.tagName;
    if (event.key === "Escape") { if (current >= 0) $("#panel-close").click(); return; }
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    const count = markOf.size;
    if (!count) return;
    if (event.key === "j" || event.key === "n") { event.preventDefault(); goTo(Math.min(count - 1, current + 1)); }
    else if (event.key === "k" || event.key === "p") { event.preventDefault(); goTo(Math.max(0, current - 1)); }
    else if (event.key === "a" && current >= 0 && F[current].suggestions.length) decide(current, 0);
    else if (event.key === "r" && current >= 0 && F[current].suggestions.length) decide(current, -1);
    else if (event.key === "/" && table) { event.preventDefault(); $("#f-search").focus(); }
  });

  /* For scripts and tests: the corrected text exactly (a textarea folds CR LF into LF). */
  window.mtauditReport = Object.freeze({ correctedText, decide, goTo });

  /* Deep links: #f-3 opens finding 4, #view-corrected the corrected text. */
  const hash = location.hash.slice(1);
  if (/^f-\d+$/.test(hash)) goTo(Number(hash.slice(2)));
  else if (hash === "view-corrected" || hash === "view-bilingual") showView(hash);
})();
