// Reader mode's read aloud: the article spoken sentence by sentence with the browser's own
// speech synthesis (offline voices of the system; nothing is sent anywhere by adstrip), the
// sentence being read highlighted and kept in view. One utterance per sentence, so pause,
// previous and next work the same with every engine (some pause() badly): pausing cancels the
// sentence and playing again starts it over.

/** Elements whose text is read as one run; the innermost of them wins (a `p` in a `li`). */
const READ_BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li, dt, dd, blockquote, figcaption, td, th, caption, summary';
/** Where text outside any reading block belongs (a bare line in a wrapper). */
const WRAPPERS = 'div, section, article, main, aside, header, footer, figure, details';
/** Never read: code blocks, math, media, footnote marks and anything hidden. */
const SKIP = 'pre, math, sup a[href^="#"], svg, script, style, img, video, audio, iframe, [hidden], [aria-hidden="true"]';

export const RATE = Object.freeze({ min: 0.5, max: 2, step: 0.25, default: 1 });
export const clampRate = (r) => Math.min(RATE.max, Math.max(RATE.min, Math.round((Number(r) || RATE.default) / RATE.step) * RATE.step));

/** Sentence boundaries of `text`: the browser's segmenter for `lang`, or punctuation. */
function split(text, lang) {
  const out = [];
  const Seg = globalThis.Intl?.Segmenter;
  if (Seg) {
    let seg;
    try {
      seg = new Seg(lang || undefined, { granularity: 'sentence' });
    } catch {
      seg = new Seg(undefined, { granularity: 'sentence' });
    }
    for (const s of seg.segment(text)) out.push([s.index, s.index + s.segment.length]);
  } else {
    const re = /[^.!?\u3002\uff01\uff1f]+(?:[.!?\u3002\uff01\uff1f]+["'\u201d\u2019)\]]*\s*|$)/g;
    for (let m; (m = re.exec(text)) && m[0];) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** The block a text node is read in: its reading block, else its wrapper, else the root. */
function blockOf(n, root) {
  const p = n.parentElement;
  const b = p.closest(READ_BLOCKS);
  if (b && root.contains(b)) return b;
  const w = p.closest(WRAPPERS);
  return w && root.contains(w) ? w : root;
}

/** The blocks of `root` in reading order, each with its text nodes. */
function blocks(root) {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  const out = new Map();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.data.trim() || n.parentElement.closest(SKIP)) continue;
    const b = blockOf(n, root);
    if (!out.has(b)) out.set(b, []);
    out.get(b).push(n);
  }
  return out;
}

/** A range over [start, end) of the concatenated text of `nodes`. */
function rangeOf(doc, nodes, start, end) {
  const r = doc.createRange();
  let pos = 0;
  let started = false;
  for (const n of nodes) {
    const len = n.data.length;
    if (!started && start < pos + len) {
      r.setStart(n, start - pos);
      started = true;
    }
    if (started && end <= pos + len) {
      r.setEnd(n, end - pos);
      return r;
    }
    pos += len;
  }
  const last = nodes[nodes.length - 1];
  r.setEnd(last, last.data.length);
  return r;
}

/**
 * The sentences to read in `roots` (the title, then the content), in reading order:
 * [{block, text, range}]. A block is the innermost reading block (paragraph, heading, item,
 * caption, cell); text outside any (a bare line in a wrapper) is read with its wrapper.
 */
export function sentences(roots, lang) {
  const out = [];
  for (const root of roots.filter(Boolean)) {
    for (const [block, nodes] of blocks(root)) {
      const text = nodes.map((n) => n.data).join('');
      for (const [a, b] of split(text, lang)) {
        const part = text.slice(a, b);
        const said = part.replace(/\s+/g, ' ').trim();
        if (!/[\p{L}\p{N}]/u.test(said)) continue;
        const lead = part.search(/\S/);
        const trail = part.replace(/\s+$/, '').length;
        out.push({ block, text: said, range: rangeOf(block.ownerDocument, nodes, a + lead, a + trail) });
      }
    }
  }
  return out;
}

/** The voices to offer: those of the article's language first, then the rest, by name. */
export function orderVoices(voices, lang) {
  const base = (lang || '').toLowerCase().split(/[-_]/)[0];
  const mine = (v) => base && (v.lang || '').toLowerCase().split(/[-_]/)[0] === base;
  return [...voices].sort((a, b) => Number(mine(b)) - Number(mine(a)) || a.name.localeCompare(b.name));
}

/**
 * Reads `items` (from sentences()) aloud. `synth`: a SpeechSynthesis; `Utterance`: its
 * utterance class; `highlight(item|null)`: shows the sentence being read; `onChange(state)`:
 * {state: 'idle'|'playing'|'paused', index, error}.
 */
export class ReadAloud {
  constructor({ items, synth, Utterance, lang, rate = RATE.default, voice = '', highlight = () => {}, onChange = () => {} }) {
    Object.assign(this, { items, synth, Utterance, lang, highlight, onChange });
    this.rate = clampRate(rate);
    this.voiceName = voice;
    this.index = 0;
    this.state = 'idle';
    this.turn = 0; // the current utterance's number: events of a cancelled one are ignored
  }

  voices() {
    try {
      return orderVoices(this.synth.getVoices() || [], this.lang);
    } catch {
      return [];
    }
  }

  /** The chosen voice, or the first of the article's language, or the system's default. */
  voice() {
    const all = this.voices();
    return all.find((v) => v.name === this.voiceName) || all[0] || null;
  }

  emit(error = null) {
    this.onChange({ state: this.state, index: this.index, error });
  }

  play(from = this.index) {
    if (!this.items.length) return;
    this.index = Math.min(Math.max(0, from), this.items.length - 1);
    this.state = 'playing';
    this.speak();
    this.emit();
  }

  speak() {
    const turn = ++this.turn;
    const item = this.items[this.index];
    this.synth.cancel();
    const u = new this.Utterance(item.text);
    const v = this.voice();
    if (v) {
      u.voice = v;
      u.lang = v.lang;
    } else if (this.lang) u.lang = this.lang;
    u.rate = this.rate;
    u.onend = () => {
      if (turn !== this.turn || this.state !== 'playing') return;
      if (this.index + 1 < this.items.length) {
        this.index++;
        this.speak();
        this.emit();
      } else this.stop();
    };
    u.onerror = (e) => {
      if (turn !== this.turn || e.error === 'interrupted' || e.error === 'canceled') return;
      this.turn++;
      this.state = 'paused';
      this.synth.cancel();
      this.emit(e.error || 'failed');
    };
    this.highlight(item);
    this.synth.speak(u);
  }

  pause() {
    if (this.state !== 'playing') return;
    this.turn++;
    this.state = 'paused';
    this.synth.cancel();
    this.emit();
  }

  toggle() {
    if (this.state === 'playing') this.pause();
    else this.play();
  }

  /** Moves by `by` sentences; reading goes on from there if it was going on. */
  skip(by) {
    const next = Math.min(Math.max(0, this.index + by), this.items.length - 1);
    if (this.state === 'playing') this.play(next);
    else {
      this.index = next;
      this.highlight(this.items[next]);
      this.emit();
    }
  }

  /** A new speed or voice: takes effect at once, from the start of the current sentence. */
  set(key, value) {
    if (key === 'rate') this.rate = clampRate(value);
    else if (key === 'voice') this.voiceName = value;
    if (this.state === 'playing') this.play();
    else this.emit();
  }

  stop() {
    this.turn++;
    const was = this.state;
    this.state = 'idle';
    this.index = 0;
    if (was !== 'idle') this.synth.cancel();
    this.highlight(null);
    this.emit();
  }
}
