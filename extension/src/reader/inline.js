// How the content script gets reader mode's code in Firefox: bundled into content.js. Firefox's
// add-on linter (web-ext lint, and AMO's review) rejects an import() of a computed URL, which the
// lazy import needs (see lazy.js), so Firefox pays the reader's few KB in every frame instead.
import * as reader from './extract.js';

export const loadReader = () => Promise.resolve(reader);
