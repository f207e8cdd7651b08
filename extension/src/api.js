// The one browser-API shim: `browser` (Firefox) or `chrome` (Chromium), whose MV3 APIs both
// return promises, and the settings as settings.js parses them. Every other module reaches the
// browser through here.
import { parseSettingsReport, joinStored, loadSettings as load, saveSettings as save } from './settings.js';

export const api = globalThis.browser ?? globalThis.chrome;

/** The raw stored settings: storage.sync joined with a disabledSites list kept in storage.local
 *  (see settings.js), plus any other storage.local keys asked for in `localKeys`. */
export async function loadStored(localKeys = []) {
  const [sync, local] = await Promise.all([api.storage.sync.get(null), api.storage.local.get(['disabledSites', ...localKeys])]);
  return { raw: joinStored(sync, local), sync, local: local || {} };
}

/** The settings, parsed (any shape, any age). */
export function loadSettings() {
  return load(api);
}

/** The settings and what was wrong in storage: {settings, problems, sync}. `querySelector`
 *  (a page's) also checks selector syntax. */
export async function loadSettingsReport(options) {
  const { raw, sync } = await loadStored();
  return { ...parseSettingsReport(raw, options), sync };
}

/** Writes the settings (current format), split between sync and local as needed. */
export function saveSettings(settings) {
  return save(api, settings);
}

/** Whether a storage change touches the settings. */
export function isSettingsChange(changes, area) {
  return area === 'sync' || (area === 'local' && 'disabledSites' in changes);
}

/** runtime.sendMessage that never rejects: an error becomes `fallback(error)`. */
export function send(msg, fallback = () => null) {
  return api.runtime.sendMessage(msg).catch(fallback);
}
