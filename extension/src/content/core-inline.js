// How the content script gets its core in Firefox: bundled into content.js. Firefox's add-on
// linter rejects an import() of a computed URL (see ../reader/inline.js), so there every frame
// parses the core with the boot.
import * as core from './main.js';

export const loadCore = () => Promise.resolve(core);
