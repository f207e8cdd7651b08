// The options page: every change is parsed through settings.js and written to storage.sync
// at once. A bad selector or site is refused with a message and not saved. Messages clear:
// "Saved." after SAVED_MS, an error at the next change that succeeds.
import { api, loadSettingsReport, saveSettings, isSettingsChange } from '../api.js';
import { parseSettings, splitForStorage, normalizeHost, validateSelector, splitSiteSelector, READER_THEMES, READER_FONTS, READER_LIMITS } from '../settings.js';
const $ = (id) => document.getElementById(id);
let settings = parseSettings({});

/** How long "Saved." stays. */
const SAVED_MS = 3000;
let savedTimer = 0;

function say(text, ms = SAVED_MS) {
  $('saved').textContent = text;
  clearTimeout(savedTimer);
  if (ms) savedTimer = setTimeout(() => ($('saved').textContent = ''), ms);
}

async function save(next) {
  settings = parseSettings(next);
  await saveSettings(settings);
  for (const id of ['site-error', 'selector-error']) $(id).textContent = '';
  const local = Object.keys(splitForStorage(settings).local).length;
  // The note about a list too long for sync stays: it is not news that goes stale.
  if (local) say(`Saved. Your ${settings.disabledSites.length} switched-off sites are too many for browser sync: they are kept in this browser only.`, 0);
  else say('Saved.');
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

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const range = ({ min, max, step }) => {
  const out = [];
  for (let v = min; v <= max + 1e-9; v += step) out.push(Math.round(v * 100) / 100);
  return out;
};
const FONT_NAMES = { browser: 'Browser default' };
/** The reader fields: select id -> [settings key, [value, label]...]. */
const READER_FIELDS = {
  'reader-theme': ['readerTheme', READER_THEMES.map((t) => [t, t === 'auto' ? 'Auto (follows the system)' : cap(t)])],
  'reader-font': ['readerFont', READER_FONTS.map((f) => [f, FONT_NAMES[f] || cap(f)])],
  'reader-size': ['readerFontSize', range(READER_LIMITS.fontSize).map((v) => [v, `${v} px`])],
  'reader-width': ['readerWidth', range(READER_LIMITS.width).map((v) => [v, `${v} em`])],
  'reader-lines': ['readerLineHeight', range(READER_LIMITS.lineHeight).map((v) => [v, v.toFixed(1)])],
  'reader-speech-rate': ['readerSpeechRate', range(READER_LIMITS.speechRate).map((v) => [v, v === 1 ? '1\u00d7 (normal)' : `${v}\u00d7`])],
};
for (const [id, [key, choices]] of Object.entries(READER_FIELDS)) {
  const sel = $(id);
  sel.replaceChildren(...choices.map(([v, label]) => new Option(label, String(v))));
  sel.addEventListener('change', () => {
    const v = typeof settings[key] === 'number' ? Number(sel.value) : sel.value;
    save({ ...settings, [key]: v });
  });
}

/** The read-aloud voices this system lists (some browsers list them only after a moment). A
 *  saved voice this system lacks stays chosen and says so, never silently replaced. */
function renderVoices() {
  const sel = $('reader-voice');
  const synth = globalThis.speechSynthesis;
  // By name, the first of each (a voice may be listed twice, local and remote).
  const byName = new Map();
  for (const v of synth?.getVoices?.() || []) if (!byName.has(v.name)) byName.set(v.name, v);
  const opts = [new Option('Automatic (by language)', ''), ...[...byName.values()].map((v) => new Option(`${v.name} (${v.lang})`, v.name))];
  const want = settings.readerVoice;
  if (want && !byName.has(want)) opts.push(new Option(`${want} (not on this system)`, want));
  sel.replaceChildren(...opts);
  sel.value = want;
  $('voice-note').textContent = !synth
    ? 'Read aloud is not available in this browser.'
    : byName.size
      ? ''
      : 'This system lists no speech voices: read aloud needs one (install a voice for your language in the system settings).';
}
globalThis.speechSynthesis?.addEventListener?.('voiceschanged', () => renderVoices());
$('reader-voice').addEventListener('change', () => save({ ...settings, readerVoice: $('reader-voice').value }));

function render() {
  $('enabled').checked = settings.enabled;
  $('ads').checked = settings.ads;
  $('subscribe').checked = settings.subscribe;
  $('ads').disabled = $('subscribe').disabled = !settings.enabled;
  $('sites').replaceChildren(
    ...settings.disabledSites.map((s) => listItem(s, () => save({ ...settings, disabledSites: settings.disabledSites.filter((x) => x !== s) }))),
  );
  $('selectors').replaceChildren(
    ...settings.extraSelectors.map((s) => {
      const { host, selector } = splitSiteSelector(s);
      return listItem(host ? `${selector} (only on ${host})` : s, () => save({ ...settings, extraSelectors: settings.extraSelectors.filter((x) => x !== s) }));
    }),
  );
  $('reader-sites').replaceChildren(
    ...settings.readerSites.map((s) => listItem(s, () => save({ ...settings, readerSites: settings.readerSites.filter((x) => x !== s) }))),
  );
  for (const [id, [key]] of Object.entries(READER_FIELDS)) {
    const sel = $(id);
    const want = String(settings[key]);
    // A stored value between the steps is shown as the nearest choice.
    sel.value = [...sel.options].some((o) => o.value === want)
      ? want
      : [...sel.options].reduce((a, o) => (Math.abs(Number(o.value) - settings[key]) < Math.abs(Number(a.value) - settings[key]) ? o : a)).value;
  }
  renderVoices();
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

/** The reader shortcut as the browser has it (the user may have changed it). */
async function showShortcut() {
  const all = await api.commands?.getAll?.().catch(() => null);
  const c = all?.find((x) => x.name === 'toggle-reader');
  if (c) $('shortcut').textContent = c.shortcut || 'none set';
}

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
showShortcut();
