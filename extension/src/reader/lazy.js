// How the content script gets reader mode's code in Chromium: the module dist/chromium/reader.js,
// imported from the extension on first use, so the script every frame parses stays small. The
// URL is absolute (a content script's relative import() would resolve against the page).
import { api } from '../api.js';

export const loadReader = () => import(api.runtime.getURL('reader.js'));
