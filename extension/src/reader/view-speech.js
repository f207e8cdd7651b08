// Reader mode's read-aloud controls: a row under the toolbar with play/pause, previous and next
// sentence, speed, voice and stop, and a status line that says plainly when the browser has no
// voice to read with. The sentence being read is highlighted (the CSS Custom Highlight API;
// its paragraph is marked as well) and kept in view.

import { ReadAloud, sentences, RATE, clampRate } from './speech.js';
import { keepInView } from './view-keys.js';

/** The highlight's name in the document's registry (the view's stylesheet styles it). */
export const HIGHLIGHT = 'adstrip-reading';
/** How long to wait for the system's voices to be listed (Chromium lists them late). */
const VOICES_WAIT_MS = 1500;

const rateLabel = (r) => `${r.toFixed(2).replace(/0$/, '').replace(/\.0$/, '')}\u00d7`;

export class SpeechControls {
  /** `view`: the ReaderView (its doc, root, scroller, settings, onSetting); `h`: its element maker. */
  constructor(view, h) {
    this.view = view;
    this.h = h;
    this.reader = null;
    this.marked = null;
    this.row = null;
  }

  get win() {
    return this.view.doc.defaultView;
  }

  /** The toolbar's button and the row of controls (hidden until reading starts). */
  build() {
    const { h } = this;
    const btn = (label, title, action, onClick, extra = {}) => {
      const b = h('button', { type: 'button', title, 'aria-label': title, 'data-action': action, ...extra }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    // Named by its visible word, as speech input users say it; the title gives the key.
    this.listen = h(
      'button',
      { type: 'button', title: 'Read aloud (S)', class: 'listen', 'data-action': 'read-aloud', 'aria-keyshortcuts': 'S', 'aria-pressed': 'false' },
      h('span', { 'aria-hidden': 'true' }, '\u25b6 '),
      'Listen',
    );
    this.listen.addEventListener('click', () => this.toggle());
    this.playBtn = btn('Pause', 'Pause reading (S)', 'speech-play', () => this.toggle());
    this.rateOut = h('span', { class: 'rate', 'aria-live': 'polite' }, rateLabel(this.rate()));
    this.voiceSel = h('select', { 'aria-label': 'Voice', 'data-action': 'speech-voice' });
    this.voiceSel.addEventListener('change', () => this.setVoice(this.voiceSel.value));
    this.status = h('p', { class: 'speech-status', role: 'status' });
    this.row = h(
      'div',
      { class: 'speech', role: 'group', 'aria-label': 'Read aloud', hidden: '' },
      this.playBtn,
      btn('\u2039', 'Previous sentence', 'speech-previous', () => this.reader?.skip(-1)),
      btn('\u203a', 'Next sentence', 'speech-next', () => this.reader?.skip(1)),
      h(
        'span',
        { class: 'group' },
        h('span', { class: 'label' }, 'Speed'),
        btn('\u2212', 'Slower', 'speech-slower', () => this.setRate(this.rate() - RATE.step)),
        this.rateOut,
        btn('+', 'Faster', 'speech-faster', () => this.setRate(this.rate() + RATE.step)),
      ),
      h('label', { class: 'group' }, h('span', { class: 'label' }, 'Voice'), this.voiceSel),
      btn('Stop', 'Stop reading', 'speech-stop', () => this.stop()),
    );
    this.wrap = h('div', { class: 'speech-wrap', hidden: '' }, this.row, this.status);
    return { button: this.listen, row: this.wrap };
  }

  rate() {
    return clampRate(this.view.settings.readerSpeechRate);
  }

  say(text) {
    this.status.textContent = text;
    this.fit();
  }

  /** The row under the bar takes room only while it shows controls or a message. */
  fit() {
    if (this.wrap) this.wrap.hidden = this.row.hidden && !this.status.textContent;
  }

  /** Starts reading, or pauses/resumes what is being read. */
  async toggle() {
    if (this.reader) {
      this.reader.toggle();
      return;
    }
    const synth = this.win.speechSynthesis;
    const Utterance = this.win.SpeechSynthesisUtterance;
    if (!synth || !Utterance) {
      this.say('Read aloud is not available in this browser.');
      return;
    }
    const voices = await this.voices(synth);
    if (!this.view.scroller) return; // closed meanwhile
    if (!voices.length) {
      this.say('Read aloud needs a voice, and this system has none installed (the browser lists no speech voices).');
      return;
    }
    const article = this.view.scroller.querySelector('.main > .page');
    const items = sentences([article?.querySelector(':scope > .title'), article?.querySelector(':scope > .content')], article?.lang);
    if (!items.length) {
      this.say('There is no text to read.');
      return;
    }
    this.say('');
    this.reader = new ReadAloud({
      items,
      synth,
      Utterance,
      lang: article.lang,
      rate: this.rate(),
      voice: this.view.settings.readerVoice,
      highlight: (item) => this.mark(item),
      onChange: (s) => this.changed(s),
    });
    this.fillVoices();
    this.row.hidden = false;
    this.fit();
    this.listen.setAttribute('aria-pressed', 'true');
    this.reader.play(0);
  }

  /** The system's voices; Chromium lists them only after a moment (voiceschanged). */
  voices(synth) {
    const now = synth.getVoices?.() || [];
    if (now.length) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = () => {
        synth.removeEventListener?.('voiceschanged', done);
        clearTimeout(timer);
        resolve(synth.getVoices?.() || []);
      };
      const timer = setTimeout(done, VOICES_WAIT_MS);
      synth.addEventListener?.('voiceschanged', done);
    });
  }

  fillVoices() {
    const chosen = this.reader.voice();
    this.voiceSel.replaceChildren(...this.reader.voices().map((v) => this.h('option', { value: v.name }, `${v.name} (${v.lang})`)));
    if (chosen) this.voiceSel.value = chosen.name;
  }

  setRate(r) {
    const rate = clampRate(r);
    this.rateOut.textContent = rateLabel(rate);
    this.view.set('readerSpeechRate', rate);
    this.reader?.set('rate', rate);
  }

  setVoice(name) {
    this.view.set('readerVoice', name);
    this.reader?.set('voice', name);
  }

  changed({ state, error }) {
    const playing = state === 'playing';
    this.playBtn.textContent = playing ? 'Pause' : 'Play';
    const label = playing ? 'Pause reading (S)' : 'Play: go on reading (S)';
    this.playBtn.title = label;
    this.playBtn.setAttribute('aria-label', label);
    if (error) this.say(`Reading stopped: the browser's speech engine failed (${error}).`);
    else if (playing) this.say('');
    if (state === 'idle') this.stop();
  }

  /** Highlights the sentence being read and keeps it in view (null: no highlight). */
  mark(item) {
    if (this.marked) delete this.marked.dataset.reading;
    this.marked = item?.block || null;
    const reg = this.win.CSS?.highlights;
    try {
      if (item && reg && this.win.Highlight) reg.set(HIGHLIGHT, new this.win.Highlight(item.range));
      else reg?.delete(HIGHLIGHT);
    } catch {
      // No highlight API here: the paragraph's mark alone shows where reading is.
    }
    if (!item) return;
    item.block.dataset.reading = '';
    if (this.view.scroller) keepInView(this.view.scroller, item.block);
  }

  /** Stops reading and takes the controls and the highlight away. */
  stop() {
    const r = this.reader;
    this.reader = null;
    if (r && r.state !== 'idle') r.stop();
    this.mark(null);
    if (this.row) this.row.hidden = true;
    this.fit();
    this.listen?.setAttribute('aria-pressed', 'false');
  }
}
