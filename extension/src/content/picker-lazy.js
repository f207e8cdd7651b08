// How the content script gets the element picker in Chromium: the module dist/chromium/picker.js,
// imported from the extension when the user asks for it (as reader mode's code is: see
// ../reader/lazy.js), so the script every frame parses does not carry it.
import { api } from '../api.js';

export const loadPicker = () => import(api.runtime.getURL('picker.js'));
