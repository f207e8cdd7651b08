// CPU profiles of the dev probes (bench/prof*.mjs): self time by function and by kind.

/** Adds each sample's time (µs) of a CDP `Profiler` profile to `into`, keyed by `key(callFrame)`. */
export function addSelfTimes(profile, key, into = new Map()) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((s, i) => {
    const k = key(byId.get(s).callFrame);
    into.set(k, (into.get(k) || 0) + (profile.timeDeltas[i] || 0));
  });
  return into;
}

/** The times of `self` summed by `cat(key)`, largest first. */
export function byCategory(self, cat) {
  const cats = new Map();
  for (const [k, t] of self) cats.set(cat(k), (cats.get(cat(k)) || 0) + t);
  return [...cats].sort((a, b) => b[1] - a[1]);
}

/** `name file` of a call frame: the function and the last part of its script's address. */
export const nameAndFile = (f) => `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`;
