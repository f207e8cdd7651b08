// The options page: every change is parsed through settings.js and written to storage.sync
// at once. A bad selector is refused with a message and not saved.
import { api, loadSettingsReport, saveSettings, isSettingsChange } from '../api.js';
import { parseSettings, splitForStorage, normalizeHost, validateSelector } from '../settings.js';
const $ = (id) => document.getElementById(id);
let settings = parseSettings({});

async function save(next) {
  settings = parseSettings(next);
  await saveSettings(settings);
  $('saved').textContent = Object.keys(splitForStorage(settings).local).length
    ? `Saved. Your ${settings.disabledSites.length} switched-off sites are too many for browser sync: they are kept in this browser only.`
    : 'Saved.';
  render();
}

function listItem(text, onRemove) {
  const li = document.createElement('li');
  const span = document.createElement('span');
  span.textContent = text;
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = 'Remove';
  b.setAttribute('aria-label', `Remove ${text}`);
  b.addEventListener('click', onRemove);
  li.append(span, b);
  return li;
}

function render() {
  $('enabled').checked = settings.enabled;
  $('ads').checked = settings.ads;
  $('subscribe').checked = settings.subscribe;
  $('ads').disabled = $('subscribe').disabled = !settings.enabled;
  $('sites').replaceChildren(
    ...settings.disabledSites.map((s) => listItem(s, () => save({ ...settings, disabledSites: settings.disabledSites.filter((x) => x !== s) }))),
  );
  $('selectors').replaceChildren(
    ...settings.extraSelectors.map((s) => listItem(s, () => save({ ...settings, extraSelectors: settings.extraSelectors.filter((x) => x !== s) }))),
  );
}

for (const key of ['enabled', 'ads', 'subscribe']) {
  $(key).addEventListener('change', (ev) => save({ ...settings, [key]: ev.target.checked }));
}

$('site-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const host = normalizeHost($('site-input').value);
  if (!host) {
    $('site-error').textContent = 'Not a site name: type something like example.com';
    return;
  }
  $('site-error').textContent = '';
  $('site-input').value = '';
  if (!settings.disabledSites.includes(host)) save({ ...settings, disabledSites: [...settings.disabledSites, host] });
});

$('selector-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const r = validateSelector($('selector-input').value, (s) => document.querySelector(s));
  if (!r.ok) {
    $('selector-error').textContent = r.error;
    return;
  }
  $('selector-error').textContent = '';
  $('selector-input').value = '';
  if (!settings.extraSelectors.includes(r.selector)) save({ ...settings, extraSelectors: [...settings.extraSelectors, r.selector] });
});

/** Reads storage; what was wrong in it (a corrupted value, a refused selector) is listed once. */
async function load() {
  const r = await loadSettingsReport({ querySelector: (s) => document.createDocumentFragment().querySelector(s) });
  settings = r.settings;
  const el = $('problems');
  if (el)
    el.textContent = r.problems.length
      ? `Some saved settings were not valid and were reset to their defaults: ${r.problems.map((p) => p.message).join('; ')}.`
      : '';
  render();
}

api.storage.onChanged.addListener((c, area) => {
  if (isSettingsChange(c, area)) load();
});

load();
