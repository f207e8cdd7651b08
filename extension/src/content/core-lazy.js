// How the content script gets its core in Chromium: the module dist/chromium/core.js, imported
// from the extension by a frame that needs it (see boot.js), so a frame the pre-check lets be
// parses only the boot. The URL is absolute (a content script's relative import() would resolve
// against the page).
import { api } from '../api.js';

export const loadCore = () => import(api.runtime.getURL('core.js'));
