// How the content script gets the element picker in Firefox: bundled into content.js (Firefox's
// add-on linter rejects the lazy import of a computed URL; see ../reader/inline.js).
import * as picker from './picker.js';

export const loadPicker = () => Promise.resolve(picker);
