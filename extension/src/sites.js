// Site names: what a user types normalised to a host name, and whether a host is on a list of
// sites (the site itself or a subdomain). Shared by the settings and the user's selectors.

/** Normalises a user-typed site ("https://www.Example.com/x", "example.com.") to a host name,
 *  or returns null when it is not one. */
export function normalizeHost(input) {
  if (typeof input !== 'string') return null;
  let s = input.trim().toLowerCase();
  if (!s) return null;
  if (s.includes('://')) {
    try {
      s = new URL(s).hostname;
    } catch {
      return null;
    }
  } else {
    s = s.replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  }
  s = s.replace(/\.$/, '').replace(/^www\./, '');
  if (s.startsWith('[') && s.endsWith(']')) return s; // IPv6 literal
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(s) && !/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u.test(s)) return null;
  return s;
}

/** Whether `host` is on the list (the site itself or a subdomain of a listed site). */
const siteSets = new WeakMap();
function siteSet(list) {
  let set = siteSets.get(list);
  if (!set) siteSets.set(list, (set = new Set(list)));
  return set;
}

/** Whether `host` or one of its parent domains is on the list: one Set lookup per label. */
export function onList(list, host) {
  const h = normalizeHost(host || '');
  if (!h) return false;
  const set = siteSet(list);
  for (let i = -1, rest = h; ;) {
    if (set.has(rest)) return true;
    i = h.indexOf('.', i + 1);
    if (i < 0) return false;
    rest = h.slice(i + 1);
  }
}
