/* mtaudit report: panel, decisions (kept in localStorage, exported and imported as JSON),
   corrected text with composed minimal edits, findings list. No network, no eval: untrusted text
   only ever reaches the page as text nodes or form values. */
(function () {
  "use strict";
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const grouped = (n) => Number(n).toLocaleString("en-US");

  /* ---- Sortable tables (report and index) ---- */
  function cellValue(row, column, numeric) {
    const cell = row.cells[column];
    const raw = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim();
    return numeric ? parseFloat(raw) || 0 : raw.toLowerCase();
  }
  function makeSortable(table, onSort) {
    $$("thead th button[data-sort]", table).forEach((button) => {
      button.addEventListener("click", () => {
        const th = button.closest("th");
        const column = th.cellIndex;
        const numeric = button.dataset.sort === "num";
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        $$("thead th", table).forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        if (onSort) { onSort(column, numeric, ascending); return; }
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
  }

  /* ---- Theme ---- */
  const themeButton = $("#theme");
  if (themeButton) {
    const order = ["automatic", "dark", "light"];
    themeButton.addEventListener("click", () => {
      const root = document.documentElement;
      const next = order[(order.indexOf(root.dataset.theme || "automatic") + 1) % order.length];
      if (next === "automatic") delete root.dataset.theme; else root.dataset.theme = next;
      themeButton.textContent = "Theme: " + next;
    });
  }

  const dataNode = $("#report-data");
  if (!dataNode) {
    /* Index page: sortable tables, filter by name. */
    $$("table.sortable").forEach((table) => makeSortable(table));
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
  const status = $("#status");
  const say = (message) => { status.textContent = message; };

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
  const segments = data.segments.map(([start, end, source]) => ({ start: unitOffset(start), end: unitOffset(end), source }));

  /* ---- Context: the finding's sentence (its segment), cut around it when long ---- */
  function contextOf(i) {
    const f = F[i];
    const start = unitOffset(f.start), end = unitOffset(f.end);
    const segment = f.seg >= 0 ? segments[f.seg] : null;
    let from = segment ? Math.min(segment.start, start) : Math.max(0, start - 80);
    let to = segment ? Math.max(segment.end, end) : Math.min(text.length, end + 80);
    const reach = Math.floor(data.context / 2);
    if (start - from > reach) from = start - reach;
    if (to - end > reach) to = end + reach;
    return { before: text.slice(from, start), flagged: text.slice(start, end), after: text.slice(end, to), cutStart: from > (segment ? segment.start : 0), cutEnd: segment ? to < segment.end : to < text.length };
  }
  /* Whitespace and invisible characters shown as visible symbols. */
  function visible(value) {
    if (value === "") return "∅ (nothing)";
    return value.replace(/ /g, "·").replace(/\u00a0/g, "⍽").replace(/\t/g, "→").replace(/\n/g, "↵").replace(/[\u200b-\u200d\u2060\ufeff]/g, "¤");
  }
  function showText(value) { return /^\s*$/.test(value) || /^\s|\s$/.test(value) ? visible(value) : value; }

  function contextNode(i) {
    const c = contextOf(i);
    const node = el("p", "context");
    node.append(el("span", "label", "Sentence: "), (c.cutStart ? "…" : "") + c.before);
    const mark = el("mark", "ctx-flag", c.flagged === "" ? "‸" : /^\s+$/.test(c.flagged) ? visible(c.flagged) : c.flagged);
    node.append(mark, c.after + (c.cutEnd ? "…" : ""));
    return node;
  }
  function sourceNode(i) {
    const f = F[i];
    const segment = f.seg >= 0 ? segments[f.seg] : null;
    if (!segment || !segment.source) return null;
    const node = el("p", "context source");
    node.append(el("span", "label", "Source: "));
    const source = segment.source;
    if (f.srcSpan) {
      // srcSpan counts code points of the source sentence.
      const chars = Array.from(source);
      node.append(chars.slice(0, f.srcSpan[0]).join(""), el("mark", "ctx-flag", chars.slice(f.srcSpan[0], f.srcSpan[1]).join("")), chars.slice(f.srcSpan[1]).join(""));
    } else {
      node.append(source);
    }
    return node;
  }

  /* ---- Minimal edits: a suggestion reduced to the characters it changes ---- */
  function isLow(s, at) { const c = s.charCodeAt(at); return c >= 0xdc00 && c <= 0xdfff; }
  function minimalEdit(i, k) {
    const f = F[i];
    const start = unitOffset(f.start), end = unitOffset(f.end);
    const old = text.slice(start, end), replacement = f.suggestions[k];
    let prefix = 0;
    const most = Math.min(old.length, replacement.length);
    while (prefix < most && old[prefix] === replacement[prefix]) prefix++;
    if (prefix > 0 && isLow(old, prefix)) prefix--;
    let suffix = 0;
    while (suffix < most - prefix && old[old.length - 1 - suffix] === replacement[replacement.length - 1 - suffix]) suffix++;
    if (suffix > 0 && isLow(old, old.length - suffix)) suffix--;
    return { i, start: start + prefix, end: end - suffix, insert: replacement.slice(prefix, replacement.length - suffix) };
  }
  /* Two edits clash when their changed stretches overlap, when both insert at the same point, or
     when one inserts next to (or inside) characters the other replaces: "Pariss" → "Paris" and
     "Pariss" → "Parisis" must not become "Parisi". Identical edits do not clash. */
  function clash(a, b) {
    if (a.start === b.start && a.end === b.end && a.insert === b.insert) return false;
    if (a.start === a.end && b.start === b.end) return a.start === b.start;
    if (a.start === a.end) return a.start >= b.start && a.start <= b.end;
    if (b.start === b.end) return b.start >= a.start && b.start <= a.end;
    return a.start < b.end && b.start < a.end;
  }

  /* ---- Decisions ----
     decisions: finding index -> {state: "accepted"|"rejected"|"false-positive"|"reviewed", k, comment}
     applied: the accepted edits actually in the corrected text, sorted by start (never clashing). */
  const decisions = new Map();
  let applied = [];
  const conflicts = new Map(); // finding index -> index of the accepted finding its edit clashes with
  const storeKey = "mtaudit:" + data.key;
  let unexported = false;

  function editPosition(edit) {
    let lo = 0, hi = applied.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (applied[mid].start < edit.start || (applied[mid].start === edit.start && applied[mid].end <= edit.end && applied[mid].i < edit.i)) lo = mid + 1; else hi = mid; }
    return lo;
  }
  /* The accepted finding whose edit clashes with `edit`, or -1: looks only at the neighbours. */
  function clashing(edit) {
    const at = editPosition(edit);
    for (let j = at - 1; j >= 0 && applied[j].end >= edit.start - 0; j--) { if (clash(applied[j], edit)) return applied[j].i; if (applied[j].end < edit.start) break; }
    for (let j = at; j < applied.length && applied[j].start <= edit.end; j++) if (clash(applied[j], edit)) return applied[j].i;
    // A long edit earlier may still cover this one.
    for (let j = at - 1; j >= Math.max(0, at - 8); j--) if (clash(applied[j], edit)) return applied[j].i;
    return -1;
  }
  function unapply(i) {
    const at = applied.findIndex((edit) => edit.i === i);
    if (at >= 0) applied.splice(at, 1);
  }

  /* Record a decision for finding i (null clears it). Touches only that finding's elements. */
  function setDecision(i, decision, quiet) {
    const before = decisions.get(i);
    if (before && before.state === "accepted") {
      if (!conflicts.has(i)) unapply(i);
      conflicts.delete(i);
    }
    if (decision) decisions.set(i, decision); else decisions.delete(i);
    if (decision && decision.state === "accepted") {
      const edit = minimalEdit(i, decision.k);
      const other = clashing(edit);
      if (other >= 0) { conflicts.set(i, other); refreshDecision(other); }
      else applied.splice(editPosition(edit), 0, edit);
    }
    // A finding that clashed with this one may now apply.
    if (before && before.state === "accepted") {
      const waiting = Array.from(conflicts.entries()).filter(([, other]) => other === i).map(([j]) => j);
      waiting.forEach((j) => { conflicts.delete(j); setDecision(j, decisions.get(j), true); });
    }
    unexported = true;
    refreshDecision(i);
    if (!quiet) afterDecisions();
  }

  const pending = () => F.length - decisions.size;
  function afterDecisions() {
    $("#accepted-count").textContent = grouped(applied.length);
    const progress = $("#progress");
    if (progress) progress.textContent = "Reviewed " + grouped(decisions.size) + " of " + grouped(F.length) + (conflicts.size ? " · " + conflicts.size + " in conflict" : "");
    correctedDirty = true;
    if (!$("#view-corrected").hidden) renderCorrected();
    save();
    if (pendingOnly && pendingOnly.checked) scheduleList();
  }

  const LABELS = { accepted: "Accepted", rejected: "Rejected", "false-positive": "False positive", reviewed: "Reviewed" };
  function stateLabel(i) {
    const d = decisions.get(i);
    if (!d) return "Pending";
    if (d.state === "accepted") {
      const suggestion = F[i].suggestions[d.k];
      const label = "Accepted" + (F[i].suggestions.length > 1 ? " “" + (suggestion === "" ? "delete" : showText(suggestion)) + "”" : "");
      return conflicts.has(i) ? label + ", not applied: conflicts with #" + (conflicts.get(i) + 1) : label;
    }
    return LABELS[d.state];
  }
  function refreshDecision(i) {
    const mark = markOf.get(i);
    const d = decisions.get(i);
    if (mark) {
      mark.classList.toggle("decided-accepted", !!d && d.state === "accepted");
      mark.classList.toggle("decided-rejected", !!d && d.state !== "accepted");
    }
    const row = rowOf.get(i);
    if (row) row.lastChild.textContent = stateLabel(i);
    if (panelIndexes.includes(i)) fillPanel();
  }

  /* ---- Persistence: localStorage under the report's content hash ---- */
  function exportObject() {
    const out = {};
    decisions.forEach((d, i) => {
      const f = F[i];
      const entry = { decision: d.state === "accepted" ? "accept" : d.state === "rejected" ? "reject" : d.state };
      if (d.state === "accepted") { entry.suggestion = d.k; entry.replacement = f.suggestions[d.k]; }
      entry.rule = f.rule;
      entry.start = f.start;
      entry.end = f.end;
      entry.text = f.text;
      if (d.comment) entry.comment = d.comment;
      out[f.fp] = entry;
    });
    return { schema: "mtaudit.decisions/1", document: data.name, report: data.key, decisions: out };
  }
  /* Writing every decision of a large document takes a while, so a burst of decisions is saved
     once, a moment after the last one, and at the latest when the page is hidden or left. */
  let saveTimer = 0;
  function saveNow() {
    clearTimeout(saveTimer);
    saveTimer = 0;
    try {
      localStorage.setItem(storeKey, JSON.stringify({ decisions: exportObject().decisions, unexported }));
    } catch (error) { /* storage full or disabled: decisions stay in the page */ }
  }
  function save() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveNow, F.length > 2000 ? 400 : 50);
  }
  window.addEventListener("pagehide", () => { if (saveTimer) saveNow(); });
  document.addEventListener("visibilitychange", () => { if (document.hidden && saveTimer) saveNow(); });
  const byFingerprint = new Map(F.map((f, i) => [f.fp, i]));
  const STATES = { accept: "accepted", reject: "rejected", "false-positive": "false-positive", reviewed: "reviewed" };
  /* Apply a decisions object ({fingerprint: {decision, suggestion?, comment?}}, or a whole export);
     returns how many findings of this report it matched. */
  function importDecisions(obj) {
    const entries = obj && typeof obj === "object" && obj.decisions && typeof obj.decisions === "object" ? obj.decisions : obj;
    if (!entries || typeof entries !== "object") throw new Error("not a decisions object");
    let matched = 0;
    Object.keys(entries).forEach((fp) => {
      const i = byFingerprint.get(fp);
      const entry = entries[fp];
      if (i === undefined || !entry || !STATES[entry.decision]) return;
      const state = STATES[entry.decision];
      let k = 0;
      if (state === "accepted") {
        k = F[i].suggestions.indexOf(entry.replacement);
        if (k < 0) k = Number.isInteger(entry.suggestion) && entry.suggestion < F[i].suggestions.length ? entry.suggestion : -1;
        if (k < 0) return;
      }
      setDecision(i, { state, k, comment: typeof entry.comment === "string" ? entry.comment : "" }, true);
      matched++;
    });
    afterDecisions();
    return matched;
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
  if (article) {
    $$("mark[data-s]", article).forEach((mark) => {
      mark.dataset.s.split(" ").forEach((i) => markOf.set(Number(i), mark));
    });
  }
  // j/k order: the highlighted findings by position.
  const order = Array.from(markOf.keys()).sort((a, b) => a - b);
  const panel = $("#panel");
  const panelBody = $("#panel-body");
  const panelTitle = $("#panel-title");
  const panelHint = Array.from(panelBody.childNodes).map((node) => node.cloneNode(true));
  const narrow = window.matchMedia("(max-width: 960px)");
  let panelIndexes = [];
  let current = -1; // the open finding, or -1
  let last = -1; // the last finding opened, so j after Esc goes on from there
  let returnFocus = null;
  let activeMarks = [];
  let closing = false;

  function indexesOf(mark) { return mark.dataset.f.split(" ").map(Number); }

  function buttonFor(label, i, state, k, pressed) {
    const button = el("button", "decide " + state, label);
    button.type = "button";
    button.dataset.act = state;
    button.dataset.i = String(i);
    if (k !== undefined) button.dataset.k = String(k);
    button.setAttribute("aria-pressed", String(pressed));
    return button;
  }

  function card(i) {
    const f = F[i];
    const d = decisions.get(i);
    const node = el("article", "card sev-" + f.severity);
    node.id = "card-" + i;
    node.dataset.i = String(i);
    const head = el("header");
    const rule = el("a", "rule", f.rule);
    rule.href = "#" + f.anchor;
    head.append(el("span", "badge sev-" + f.severity, f.severity), el("span", "chip fam-" + f.family, f.category), rule,
      el("span", "muted", "#" + (i + 1) + " · line " + f.line + ", col " + f.column + " · confidence " + Math.round(f.confidence * 100) + "%" + (f.hl ? "" : " · not highlighted")));
    node.append(head, el("p", "msg", f.message));
    const quote = el("p", "quote");
    quote.append(el("span", "label", "Text: "), el("q", "", showText(f.text.length > 160 ? f.text.slice(0, 159) + "…" : f.text)));
    node.append(quote, contextNode(i));
    const source = sourceNode(i);
    if (source) node.append(source);
    if (f.suggestions.length) {
      const list = el("ul", "sugs");
      list.setAttribute("aria-label", "Suggestions");
      f.suggestions.forEach((s, k) => {
        const item = el("li");
        const edit = minimalEdit(i, k);
        const preview = el("span", "sug");
        const minimal = text.slice(edit.start, edit.end);
        if (s === "") preview.append("Delete ", el("q", "", showText(f.text)));
        else {
          const start = unitOffset(f.start);
          preview.append(text.slice(start, edit.start));
          if (minimal) { const del = el("del", "", showText(minimal)); preview.append(el("span", "sr-only", " deleted: "), del); }
          if (edit.insert) { const ins = el("ins", "", showText(edit.insert)); preview.append(el("span", "sr-only", " inserted: "), ins); }
          preview.append(text.slice(edit.end, unitOffset(f.end)));
        }
        const accepted = !!d && d.state === "accepted" && d.k === k;
        item.append(preview, buttonFor(accepted ? "Accepted" : "Accept", i, "accepted", k, accepted));
        list.append(item);
      });
      node.append(list);
    } else {
      node.append(el("p", "muted", "No suggestion: fix by hand, then mark it reviewed."));
    }
    const actions = el("p", "decisions");
    if (f.suggestions.length) actions.append(buttonFor("Reject", i, "rejected", undefined, !!d && d.state === "rejected"), " ");
    actions.append(buttonFor("False positive", i, "false-positive", undefined, !!d && d.state === "false-positive"), " ",
      buttonFor("Reviewed", i, "reviewed", undefined, !!d && d.state === "reviewed"), " ");
    const state = el("span", "state", stateLabel(i));
    state.dataset.state = String(i);
    actions.append(state);
    node.append(actions);
    const loser = conflicts.has(i) ? i : (Array.from(conflicts.entries()).find(([, winner]) => winner === i) || [-1])[0];
    if (loser >= 0) {
      const other = loser === i ? conflicts.get(i) : loser;
      const box = el("p", "conflict");
      box.append(loser === i ? "Conflict: this accepted edit and the applied edit of #" + (other + 1) + " change the same characters, so this one is not applied. "
        : "Conflict: the accepted edit of #" + (other + 1) + " changes the same characters and is not applied. ");
      box.append(buttonFor(loser === i ? "Apply this one instead" : "Apply #" + (other + 1) + " instead", loser, "prefer", undefined, false));
      node.append(box);
    }
    const comment = el("label", "comment", "Comment ");
    const input = el("input");
    input.type = "text";
    input.dataset.comment = String(i);
    input.value = d && d.comment ? d.comment : "";
    input.disabled = !d;
    input.placeholder = d ? "optional, exported with the decision" : "decide first";
    comment.append(input);
    node.append(comment);
    if (f.evidence.length) {
      const details = el("details", "evidence");
      details.append(el("summary", "", "Evidence"));
      const dl = el("dl");
      f.evidence.forEach(([key, value]) => { const div = el("div"); div.append(el("dt", "", key), el("dd", "", value)); dl.append(div); });
      details.append(dl);
      node.append(details);
    }
    return node;
  }

  function fillPanel() {
    const focused = document.activeElement;
    const focusKey = focused && panel.contains(focused) && focused.dataset ? [focused.dataset.act, focused.dataset.i, focused.dataset.k, focused.dataset.comment] : null;
    panelBody.replaceChildren(...panelIndexes.map(card));
    if (focusKey) {
      const again = $$("button, input", panelBody).find((node) => [node.dataset.act, node.dataset.i, node.dataset.k, node.dataset.comment].join() === focusKey.join());
      if (again) again.focus({ preventScroll: true });
    }
  }

  function setActive(i) {
    activeMarks.forEach((m) => m.classList.remove("active"));
    activeMarks = [];
    const mark = markOf.get(i);
    if (!mark) return;
    // The finding's marks are its starting mark and the ones that follow it inside its span.
    for (let m = mark; m; m = m.nextElementSibling) {
      if (m.tagName !== "MARK" || !indexesOf(m).includes(i)) break;
      m.classList.add("active");
      activeMarks.push(m);
    }
  }

  /* Open the panel on finding `focus` (and the findings overlapping it). moveFocus: put keyboard focus in it. */
  function openPanel(indexes, focus, moveFocus) {
    panelIndexes = [focus].concat(indexes.filter((i) => i !== focus));
    current = focus;
    last = focus;
    panelTitle.textContent = panelIndexes.length > 1 ? panelIndexes.length + " overlapping findings" : "Finding #" + (focus + 1);
    fillPanel();
    panel.dataset.panel = String(focus);
    document.body.classList.add("panel-open");
    setActive(focus);
    if (moveFocus) {
      if (!panel.contains(document.activeElement)) returnFocus = document.activeElement;
      panel.focus({ preventScroll: true });
    }
    if (narrow.matches) placeMarkAboveSheet(markOf.get(focus));
    else placeBeside(markOf.get(focus));
  }

  /* On a wide window the panel sits in the column beside the article, level with the highlight
     (and sticky below the toolbar while the reader scrolls on). */
  function placeBeside(mark) {
    if (!mark) { panel.style.marginTop = ""; return; }
    // Where the panel would be with no margin (not where sticky positioning holds it now).
    const natural = panel.parentElement.getBoundingClientRect().top + parseFloat(getComputedStyle(panel.parentElement).paddingTop);
    const bar = toolbar.getBoundingClientRect().bottom;
    // Level with the highlight, but wholly on screen: below the toolbar, above the window's bottom.
    const top = Math.max(bar + 8, Math.min(mark.getBoundingClientRect().top - 24, window.innerHeight - panel.offsetHeight - 8));
    // Near the article's end the margin may lengthen the layout a little: the panel stays whole.
    panel.style.marginTop = Math.max(0, top - natural) + "px";
  }

  /* On a phone the panel is a bottom sheet: keep the highlight visible above it. */
  function placeMarkAboveSheet(mark) {
    if (!mark) return;
    const box = mark.getBoundingClientRect();
    const room = window.innerHeight - panel.getBoundingClientRect().height;
    if (box.top < 8 || box.bottom > room - 8) window.scrollBy(0, box.top - Math.max(8, (room - box.height) / 3));
  }

  function closePanel() {
    const mark = markOf.get(current);
    panelIndexes = [];
    panelBody.replaceChildren(...panelHint.map((node) => node.cloneNode(true)));
    panelTitle.textContent = "Finding details";
    delete panel.dataset.panel;
    document.body.classList.remove("panel-open");
    activeMarks.forEach((m) => m.classList.remove("active"));
    activeMarks = [];
    current = -1;
    const target = returnFocus && document.contains(returnFocus) && returnFocus !== document.body ? returnFocus : mark;
    returnFocus = null;
    closing = true; // focus returning to a highlight must not reopen its panel
    if (target) target.focus({ preventScroll: narrow.matches });
    closing = false;
  }

  function goTo(i, moveFocus) {
    if (!(i >= 0 && i < F.length)) return;
    const mark = markOf.get(i);
    if (mark) {
      if (article.closest(".view").hidden) showView("view-article");
      mark.focus({ preventScroll: true });
      if (!narrow.matches) mark.scrollIntoView({ block: "center" });
      openPanel(indexesOf(mark), i, moveFocus);
    } else {
      returnFocus = document.activeElement;
      openPanel([i], i, true);
    }
  }

  if (article) {
    article.addEventListener("click", (event) => {
      const mark = event.target.closest("mark[data-f]");
      if (!mark) return;
      const indexes = indexesOf(mark);
      const starts = mark.dataset.s ? mark.dataset.s.split(" ").map(Number) : [];
      returnFocus = mark;
      openPanel(indexes, starts.length ? starts[0] : indexes[0], narrow.matches);
    });
    article.addEventListener("focusin", (event) => {
      const mark = event.target.closest("mark[data-f]");
      if (!mark || narrow.matches || closing) return;
      const indexes = indexesOf(mark);
      if (!indexes.includes(current)) openPanel(indexes, mark.dataset.s ? Number(mark.dataset.s.split(" ")[0]) : indexes[0], false);
    });
    article.addEventListener("keydown", (event) => {
      const mark = event.target.closest("mark[data-f]");
      if (mark && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        const indexes = indexesOf(mark);
        returnFocus = mark;
        openPanel(indexes, mark.dataset.s ? Number(mark.dataset.s.split(" ")[0]) : indexes[0], false);
        const first = panelBody.querySelector("button");
        if (first) first.focus(); else panel.focus();
      }
    });
  }
  $("#panel-close").addEventListener("click", closePanel);

  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-goto], mark[data-b]");
    if (link) { event.preventDefault(); goTo(Number(link.dataset.goto !== undefined ? link.dataset.goto : link.dataset.b), true); }
  });

  /* Buttons: a second press on a pressed decision withdraws it. */
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-act]");
    if (!button) return;
    const i = Number(button.dataset.i);
    const act = button.dataset.act;
    if (act === "prefer") {
      // Finding i waits behind the applied edit of `winner`: withdraw that one (which applies i),
      // then accept it again, so it is the one that waits.
      const winner = conflicts.get(i);
      if (winner === undefined) return;
      const theirs = decisions.get(winner);
      setDecision(winner, null, true);
      setDecision(winner, theirs, true);
      afterDecisions();
      say("#" + (i + 1) + " applied instead of #" + (winner + 1) + ".");
      return;
    }
    const k = button.dataset.k !== undefined ? Number(button.dataset.k) : 0;
    const d = decisions.get(i);
    const same = d && d.state === act && (act !== "accepted" || d.k === k);
    setDecision(i, same ? null : { state: act, k, comment: d ? d.comment : "" });
    say("#" + (i + 1) + ": " + stateLabel(i) + ".");
  });
  document.addEventListener("change", (event) => {
    const input = event.target.closest("input[data-comment]");
    if (!input) return;
    const d = decisions.get(Number(input.dataset.comment));
    if (d) { d.comment = input.value; unexported = true; save(); }
  });

  /* Accept the first suggestion of every pending finding at or above a severity (name or rank). */
  function acceptAll(minSeverity) {
    const minimum = typeof minSeverity === "string" ? ({ critical: 3, major: 2, minor: 1 })[minSeverity] || 1 : Number(minSeverity) || 1;
    let count = 0;
    const fresh = [];
    F.forEach((f, i) => {
      if (f.rank < minimum || !f.suggestions.length || decisions.has(i)) return;
      decisions.set(i, { state: "accepted", k: 0, comment: "" });
      fresh.push(minimalEdit(i, 0));
    });
    // One merge of the sorted new edits into the applied ones: linear, not one scan per finding.
    fresh.sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
    const merged = [];
    let p = 0;
    const pushIfFree = (edit, isNew) => {
      // Compare with the applied edits that may reach this one (a few before it).
      for (let j = merged.length - 1; j >= 0 && j >= merged.length - 8; j--) {
        if (clash(merged[j], edit)) { if (isNew) conflicts.set(edit.i, merged[j].i); return; }
      }
      merged.push(edit);
      if (isNew) count++;
    };
    fresh.forEach((edit) => {
      while (p < applied.length && applied[p].start <= edit.start) pushIfFree(applied[p++], false);
      // An already applied edit after this one takes precedence over a new one.
      for (let q = p; q < applied.length && applied[q].start <= edit.end; q++) {
        if (clash(applied[q], edit)) { conflicts.set(edit.i, applied[q].i); return; }
      }
      pushIfFree(edit, true);
    });
    while (p < applied.length) merged.push(applied[p++]);
    applied = merged;
    // Suggestions of "Accept all" that clash with an applied edit stay pending: nothing is counted
    // as accepted that the corrected text does not contain.
    fresh.forEach((edit) => { if (conflicts.has(edit.i)) { conflicts.delete(edit.i); decisions.delete(edit.i); } });
    unexported = true;
    fresh.forEach((edit) => refreshDecision(edit.i));
    afterDecisions();
    say("Accepted " + grouped(count) + " suggestion" + (count === 1 ? "" : "s") + "; " + grouped(pending()) + " finding" + (pending() === 1 ? "" : "s") + " left pending.");
    return count;
  }
  const bulk = $("#bulk-accept");
  if (bulk) bulk.addEventListener("click", () => acceptAll(Number($("#bulk-severity").value)));

  const reset = $("#bulk-reset");
  if (reset) {
    reset.addEventListener("click", () => {
      if (!decisions.size) { say("No decision to reset."); return; }
      const saved = exportObject();
      const count = decisions.size;
      Array.from(decisions.keys()).forEach((i) => setDecision(i, null, true));
      applied = [];
      conflicts.clear();
      afterDecisions();
      status.textContent = "Reset " + grouped(count) + " decision" + (count === 1 ? "" : "s") + ". ";
      const undo = el("button", "", "Undo");
      undo.type = "button";
      undo.id = "undo-reset";
      undo.addEventListener("click", () => { importDecisions(saved); say("Restored " + grouped(count) + " decisions."); });
      status.append(undo);
      undo.focus();
    });
  }

  /* ---- Export and import ---- */
  function download(name, content, type) {
    const blob = new Blob([content], { type });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
  const baseName = String(data.name).split(/[\\/]/).pop().replace(/\.[^.]*$/, "") || "document";
  const exportButton = $("#export");
  if (exportButton) {
    exportButton.addEventListener("click", () => {
      download(baseName + ".decisions.json", JSON.stringify(exportObject(), null, 2) + "\n", "application/json");
      unexported = false;
      save();
      say("Exported " + grouped(decisions.size) + " decisions.");
    });
    $("#import").addEventListener("change", (event) => {
      const file = event.target.files && event.target.files[0];
      if (!file) return;
      file.text().then((content) => {
        const matched = importDecisions(JSON.parse(content));
        say("Imported " + grouped(matched) + " decision" + (matched === 1 ? "" : "s") + " matching this report.");
      }).catch((error) => { say("Could not import " + file.name + ": " + error.message); });
      event.target.value = "";
    });
  }
  window.addEventListener("beforeunload", (event) => {
    // Browsers show the warning only after the reader interacted with the page; ask only then.
    const touched = !navigator.userActivation || navigator.userActivation.hasBeenActive;
    if (unexported && decisions.size && touched) { event.preventDefault(); event.returnValue = ""; }
  });

  /* ---- Corrected text ---- */
  let correctedDirty = true;
  function correctedParts() {
    const parts = []; // [kind, text]: "same", "del", "ins"
    let position = 0;
    applied.forEach((edit) => {
      if (edit.start > position) parts.push(["same", text.slice(position, edit.start)]);
      if (edit.end > edit.start) parts.push(["del", text.slice(edit.start, edit.end)]);
      if (edit.insert) parts.push(["ins", edit.insert]);
      position = Math.max(position, edit.end);
    });
    if (position < text.length) parts.push(["same", text.slice(position)]);
    return parts;
  }
  function correctedText() {
    return correctedParts().filter(([kind]) => kind !== "del").map(([, value]) => value).join("");
  }
  function renderCorrected() {
    if (!correctedDirty) return;
    correctedDirty = false;
    const parts = correctedParts();
    const fragment = document.createDocumentFragment();
    parts.forEach(([kind, value]) => {
      if (kind === "same") { fragment.append(value); return; }
      fragment.append(el("span", "sr-only", kind === "ins" ? " [inserted: " : " [deleted: "));
      fragment.append(el(kind, "", /^\s+$/.test(value) ? visible(value) : value));
      fragment.append(el("span", "sr-only", "] "));
    });
    $("#diff").replaceChildren(fragment);
    $("#corrected").value = parts.filter(([kind]) => kind !== "del").map(([, value]) => value).join("");
    const count = applied.length;
    let message = count ? grouped(count) + " accepted suggestion" + (count === 1 ? "" : "s") + " applied: deletions struck through, insertions underlined."
      : "No suggestion accepted yet: open a finding (a highlight, or its number in the findings list) and accept one of its suggestions, or use “Accept all”.";
    if (conflicts.size) message += " " + conflicts.size + " accepted suggestion" + (conflicts.size === 1 ? " conflicts" : "s conflict") + " with another and " + (conflicts.size === 1 ? "is" : "are") + " not applied: #" + Array.from(conflicts.keys()).map((i) => i + 1).join(", #") + " (choose in their panels).";
    $("#corrected-status").textContent = message;
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
  $("#download").addEventListener("click", () => download(baseName + ".corrected.txt", correctedText(), "text/plain;charset=utf-8"));

  /* ---- Findings list: built from the data, a page of rows at a time ---- */
  const table = $("#findings-table");
  const rowOf = new Map();
  const pendingOnly = $("#f-pending");
  const PAGE = 500;
  let listLimit = PAGE;
  let listOrder = F.map((_, i) => i);
  const haystack = [];
  function searchText(i) {
    if (haystack[i] === undefined) {
      const f = F[i], c = contextOf(i);
      const segment = f.seg >= 0 ? segments[f.seg] : null;
      haystack[i] = [f.text, f.message, f.rule, f.category, c.before, c.after, f.suggestions.join(" "), segment && segment.source ? segment.source : ""].join("\n").toLowerCase();
    }
    return haystack[i];
  }
  function listRow(i) {
    const f = F[i];
    const row = document.createElement("tr");
    row.dataset.i = String(i);
    row.dataset.sev = f.severity;
    row.dataset.cat = f.category;
    const number = el("td", "nowrap");
    number.dataset.v = String(i + 1);
    const link = el("a", "", "");
    link.href = "#f-" + i;
    link.dataset.goto = String(i);
    link.append(el("span", "sr-only", "Finding "), String(i + 1));
    number.append(link);
    const severity = el("td", "nowrap");
    severity.dataset.v = String(f.rank);
    severity.append(el("span", "badge sev-" + f.severity, f.severity));
    const rule = el("td", "rule-cell");
    const ruleLink = el("a", "", f.rule);
    ruleLink.href = "#" + f.anchor;
    rule.append(ruleLink, el("span", "muted cat", " " + f.category));
    const contextCell = el("td", "ctx");
    contextCell.append(contextNode(i));
    const source = sourceNode(i);
    if (source) contextCell.append(source);
    const suggestion = el("td");
    if (f.suggestions.length) {
      if (f.suggestions[0] === "") suggestion.append(el("span", "sug-delete", "delete"));
      else suggestion.append(el("q", "", showText(f.suggestions[0])));
    } else suggestion.append(el("span", "muted", "—"));
    row.append(number, severity, rule, contextCell, el("td", "", f.message), suggestion, el("td", "state", stateLabel(i)));
    return row;
  }
  function renderList() {
    if (!table) return;
    const severities = new Set($$(".f-sev").filter((box) => box.checked).map((box) => box.value));
    const category = $("#f-cat").value;
    const query = $("#f-search").value.trim().toLowerCase();
    const onlyPending = pendingOnly.checked;
    const matching = listOrder.filter((i) => severities.has(F[i].severity) && (!category || F[i].category === category)
      && (!onlyPending || !decisions.has(i)) && (!query || searchText(i).includes(query)));
    rowOf.clear();
    const rows = matching.slice(0, listLimit).map((i) => { const row = listRow(i); rowOf.set(i, row); return row; });
    table.tBodies[0].replaceChildren(...rows);
    $("#findings-shown").textContent = "(" + (matching.length === F.length ? grouped(F.length) : grouped(matching.length) + " of " + grouped(F.length)) + ")";
    $("#no-rows").hidden = matching.length !== 0;
    const more = $("#more-rows");
    more.hidden = matching.length <= listLimit;
    more.textContent = "Show more findings (" + grouped(Math.min(matching.length, listLimit)) + " of " + grouped(matching.length) + " shown)";
  }
  let listTimer = 0;
  // Long lists wait for a pause in typing before filtering again.
  function scheduleList() { clearTimeout(listTimer); if (F.length < 2000) renderList(); else listTimer = setTimeout(renderList, 80); }
  if (table) {
    const rank = (i, column) => [i, F[i].rank, F[i].rule, F[i].text.toLowerCase(), F[i].message.toLowerCase(), (F[i].suggestions[0] || "").toLowerCase(), stateLabel(i)][column];
    makeSortable(table, (column, numeric, ascending) => {
      listOrder.sort((a, b) => { const x = rank(a, column), y = rank(b, column); return ((x < y ? -1 : x > y ? 1 : 0) || a - b) * (ascending ? 1 : -1); });
      renderList();
    });
    $$(".f-sev").forEach((box) => box.addEventListener("change", () => { listLimit = PAGE; renderList(); }));
    $("#f-cat").addEventListener("change", () => { listLimit = PAGE; renderList(); });
    pendingOnly.addEventListener("change", () => { listLimit = PAGE; renderList(); });
    $("#f-search").addEventListener("input", () => { listLimit = PAGE; scheduleList(); });
    $("#more-rows").addEventListener("click", () => { listLimit += PAGE; renderList(); });
  }

  /* ---- Keyboard ---- */
  const help = $("#help");
  $("#help-toggle").addEventListener("click", (event) => {
    help.hidden = !help.hidden;
    event.currentTarget.setAttribute("aria-expanded", String(!help.hidden));
  });
  function step(direction) {
    if (!order.length) return;
    const from = current >= 0 ? current : last;
    let at;
    if (from < 0) at = direction > 0 ? 0 : order.length - 1;
    else {
      let lo = 0, hi = order.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (order[mid] < from) lo = mid + 1; else hi = mid; }
      at = direction > 0 ? (order[lo] === from ? lo + 1 : lo) : lo - 1;
      at = Math.max(0, Math.min(order.length - 1, at));
    }
    goTo(order[at], true);
  }
  /* Decide the open finding from the keyboard, then go on to the next one. */
  function keyDecision(state) {
    if (current < 0) return;
    const i = current;
    if (state === "accepted" && !F[i].suggestions.length) return;
    if (state === "rejected" && !F[i].suggestions.length) return;
    const d = decisions.get(i);
    if (!(d && d.state === state && (state !== "accepted" || d.k === 0))) setDecision(i, { state, k: 0, comment: d ? d.comment : "" });
    say("#" + (i + 1) + ": " + stateLabel(i) + ".");
    const position = order.indexOf(i);
    if (position >= 0 && position + 1 < order.length) goTo(order[position + 1], true);
  }
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const tag = event.target.tagName;
    if (event.key === "Escape") { if (current >= 0) { event.preventDefault(); closePanel(); } return; }
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    const actions = { j: () => step(1), n: () => step(1), k: () => step(-1), p: () => step(-1),
      a: () => keyDecision("accepted"), r: () => keyDecision("rejected"), f: () => keyDecision("false-positive"),
      v: () => keyDecision("reviewed"), u: () => { if (current >= 0 && decisions.has(current)) setDecision(current, null); },
      "/": () => { if (table) $("#f-search").focus(); } };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  });

  /* The sticky toolbar's height, so focused and scrolled-to elements stop below it. */
  const toolbar = $("#toolbar");
  function measureBar() { document.documentElement.style.setProperty("--bar", toolbar.offsetHeight + "px"); }
  measureBar();
  window.addEventListener("resize", measureBar);
  $("#more").addEventListener("toggle", measureBar);

  /* ---- Restore the decisions kept for this report ---- */
  try {
    const kept = JSON.parse(localStorage.getItem(storeKey) || "null");
    if (kept && kept.decisions) {
      const matched = importDecisions(kept.decisions);
      unexported = !!kept.unexported;
      if (matched) say("Restored " + grouped(matched) + " decision" + (matched === 1 ? "" : "s") + " from an earlier visit.");
    }
  } catch (error) { /* storage disabled or unreadable: start clean */ }
  renderList();
  afterDecisions();

  /* For scripts and tests. correctedText() is exact (a textarea folds CR LF into LF).
     decide(i, k): k >= 0 accepts suggestion k, -1 or "reject" rejects, "false-positive" or
     "reviewed" marks the finding, null clears its decision. */
  function decide(i, k) {
    if (!(i >= 0 && i < F.length)) return;
    if (k === null || k === undefined) { setDecision(i, null); return; }
    if (k === -1 || k === "reject") { setDecision(i, { state: "rejected", k: 0, comment: "" }); return; }
    if (k === "false-positive" || k === "reviewed") { setDecision(i, { state: k, k: 0, comment: "" }); return; }
    if (Number.isInteger(k) && k >= 0 && k < F[i].suggestions.length) setDecision(i, { state: "accepted", k, comment: "" });
  }
  window.mtauditReport = Object.freeze({
    correctedText, decide, goTo: (i) => goTo(i, false), acceptAll,
    decisions: exportObject, importDecisions,
    applied: () => applied.length, conflicts: () => Array.from(conflicts.entries()),
  });

  /* Deep links: #f-3 opens finding 4, #view-corrected the corrected text. */
  const hash = location.hash.slice(1);
  if (/^f-\d+$/.test(hash)) goTo(Number(hash.slice(2)), false);
  else if (hash === "view-corrected" || hash === "view-bilingual") showView(hash);
})();
