// The editor's page of `mtaudit serve`: sends the pasted (or uploaded) article to
// POST /v1/audit?output=html and shows the interactive report in a sandboxed iframe.
"use strict";

const $ = (id) => document.getElementById(id);
const status = $("status");

function say(message, isError) {
  status.textContent = message;
  status.className = isError ? "error" : "";
}

async function fillLanguages() {
  const response = await fetch("/v2/languages");
  if (!response.ok) return;
  const languages = await response.json();
  for (const select of [$("target-lang"), $("source-lang")]) {
    for (const language of languages) {
      const option = document.createElement("option");
      option.value = language.code;
      option.textContent = `${language.name} (${language.code})`;
      select.append(option);
    }
  }
}

function loadFile(input, textarea) {
  input.addEventListener("change", () => {
    const file = input.files[0];
    if (!file) return;
    if (/\.(md|markdown)$/i.test(file.name) && textarea.id === "target") $("format").value = "md";
    file.text().then((text) => { textarea.value = text; }, () => say(`Could not read ${file.name}.`, true));
  });
}

async function runAudit(event) {
  event.preventDefault();
  const target = $("target").value;
  if (!target.trim()) { say("Paste the translated article first.", true); return; }
  const body = { target, format: $("format").value };
  const source = $("source").value;
  if (source.trim()) body.source = source;
  if ($("target-lang").value) body.target_lang = $("target-lang").value;
  if (source.trim() && $("source-lang").value) body.source_lang = $("source-lang").value;
  const headers = { "Content-Type": "application/json" };
  if ($("api-key").value) headers.Authorization = `Bearer ${$("api-key").value}`;
  $("run").disabled = true;
  say("Auditing…", false);
  try {
    const response = await fetch("/v1/audit?output=html", { method: "POST", headers, body: JSON.stringify(body) });
    if (!response.ok) {
      let message = `${response.status} ${response.statusText}`;
      try { message = (await response.json()).error || message; } catch (_) { /* not JSON */ }
      say(message, true);
      return;
    }
    const frame = $("report");
    frame.srcdoc = await response.text();
    frame.hidden = false;
    say("Done.", false);
  } catch (_) {
    say("The server did not answer.", true);
  } finally {
    $("run").disabled = false;
  }
}

loadFile($("target-file"), $("target"));
loadFile($("source-file"), $("source"));
$("audit-form").addEventListener("submit", runAudit);
fillLanguages();
