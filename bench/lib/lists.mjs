// The comparison points' data: adstrip's own selectors, and the generic cosmetic rules of a
// real filter list (AdGuard Base = EasyList + AdGuard English, as shipped as text inside the
// npm package @adguard/dnr-rulesets, which keeps each list's raw text in its ruleset metadata).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from './server.mjs';

/** The document_start stylesheet as `adstrip css` prints it. */
export function adstripCss() {
  const p = join(ROOT, 'dist/chromium/adstrip.css');
  if (existsSync(p)) return readFileSync(p, 'utf8');
  return execFileSync('cargo', ['run', '-q', '--release', '--', 'css'], { cwd: ROOT, encoding: 'utf8' });
}

/** The high-confidence selector list of each stylesheet rule (the `:is(...)` part), the
 *  selectors a bare querySelectorAll baseline queries, one call per rule as the core does. */
export function highConfidenceSelectors(css = adstripCss()) {
  const out = [];
  for (const line of css.split('\n')) {
    const i = line.indexOf(':is(');
    if (i < 0) continue;
    let depth = 0;
    for (let j = i + 3; j < line.length; j++) {
      if (line[j] === '(') depth++;
      else if (line[j] === ')' && --depth === 0) {
        out.push(line.slice(i + 4, j));
        break;
      }
    }
  }
  return out;
}

const EXTENDED = /:(has-text|-abp-|contains|xpath|upward|remove|matches-css|matches-attr|matches-property|style|nth-ancestor|min-text-length|watch-attr|matches-path|others|if-not|if)\b|\[-ext-/;

/** {title, version, selectors} of the list with the most generic `##` rules among the
 *  package's rulesets (AdGuard Base). Extended-CSS and exception rules are left out: list-based
 *  blockers run those through a script, not the stylesheet. */
export function filterList() {
  const dir = join(ROOT, 'bench/node_modules/@adguard/dnr-rulesets/dist/filters/declarative');
  if (!existsSync(dir)) return null;
  const pick = existsSync(join(dir, 'ruleset_2/ruleset_2.json')) ? ['ruleset_2'] : readdirSync(dir);
  let best = null;
  for (const name of pick) {
    const f = join(dir, name, `${name}.json`);
    if (!existsSync(f)) continue;
    const rules = JSON.parse(readFileSync(f, 'utf8'));
    const raw = rules[0]?.metadata?.rawFilterList;
    if (typeof raw !== 'string') continue;
    const lines = raw.split(/\r?\n/);
    const selectors = lines.filter((l) => l.startsWith('##') && !EXTENDED.test(l)).map((l) => l.slice(2).trim()).filter(Boolean);
    const title = (lines.find((l) => l.startsWith('! Title:')) || '').slice(8).trim();
    const version = (lines.find((l) => l.startsWith('! Version:')) || '').slice(10).trim();
    if (!best || selectors.length > best.selectors.length) best = { title, version, ruleset: name, selectors };
  }
  return best;
}
