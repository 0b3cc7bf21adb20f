// syncer review: keys, focus after a decision, and "Sync now" progress. No build step.
"use strict";

const cards = () => Array.from(document.querySelectorAll("article.entry, .error-card"));
const typing = (el) => el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA");

function currentCard() {
  const active = document.activeElement;
  return (active && active.closest && active.closest("article.entry")) || null;
}

function focusCard(card) {
  if (!card) return;
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "start", behavior: "instant" });
}

function move(step) {
  const all = cards();
  if (!all.length) return;
  const at = all.indexOf(currentCard());
  focusCard(all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + step))]);
}

function press(card, selector) {
  const button = card && card.querySelector(selector);
  if (button) button.click();
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (typing(event.target)) {
    if (event.key === "Escape") { const card = event.target.closest("article.entry"); if (card) focusCard(card); }
    return;
  }
  const card = currentCard();
  const key = event.key;
  if (key === "j" || key === "ArrowDown") { move(1); event.preventDefault(); return; }
  if (key === "k" || key === "ArrowUp") { move(-1); event.preventDefault(); return; }
  if (!card) return;
  if (/^[1-9]$/.test(key)) { press(card, `[data-pin="${key}"]`); event.preventDefault(); return; }
  const field = { "/": "search", t: "alias" }[key];
  if (field) { const input = card.querySelector(`[data-key="${field}"]`); if (input) { input.focus(); event.preventDefault(); } return; }
  const action = { a: '[data-key="accept"]', s: '[data-key="skip"]', r: "[data-reject]" }[key];
  if (action) { press(card, action); event.preventDefault(); }
});

// After a decision the server sends us back with ?focus=<entry>: continue from there.
window.addEventListener("DOMContentLoaded", () => {
  const focus = new URLSearchParams(location.search).get("focus");
  const target = focus && document.getElementById(focus);
  if (target) focusCard(target);
  const syncBox = document.getElementById("sync");
  document.getElementById("sync-start").addEventListener("click", () => post("/sync/start").then(follow));
  document.getElementById("sync-stop").addEventListener("click", () => post("/sync/stop").then(show));
  if (syncBox.dataset.running === "true") follow();
});

function post(path) {
  return fetch(path, { method: "POST", credentials: "same-origin" }).then((r) => r.json());
}

function show(status) {
  document.getElementById("sync-start").hidden = status.running;
  document.getElementById("sync-progress").hidden = !status.running;
  const bar = document.getElementById("sync-bar");
  bar.max = Math.max(1, status.total);
  bar.value = status.done;
  const where = status.list_name ? `${status.list_name}: ` : "";
  document.getElementById("sync-text").textContent =
    status.total ? `${where}${status.done} of ${status.total}` : `${where}starting…`;
  return status;
}

function follow() {
  fetch("/sync/status", { credentials: "same-origin" }).then((r) => r.json()).then((status) => {
    show(status);
    if (status.running) setTimeout(follow, 300);
    else location.assign("/?" + new URLSearchParams({ synced: "1" }));
  });
}
