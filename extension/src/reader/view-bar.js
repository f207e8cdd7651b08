// Reader mode's toolbar: close, read aloud, and the text settings (size, font, width, lines,
// theme) with the save group (Markdown, HTML, print). On narrow screens the settings fold into
// the "Aa" panel; the read-aloud controls open as a row of their own under the bar.

import { stepReader, READER_THEMES, READER_FONTS } from '../settings.js';

const FONT_NAMES = { browser: 'Browser default' };

/** The toolbar of `view` (a ReaderView), built with its element maker `h`. */
export function toolbar(view, h) {
  // `label` is the visible content; `name` (default: the title) what a screen reader says. A
  // button whose visible text has letters ("A−") gets no separate name: its text, with a
  // visually hidden rest ("A− smaller text"), is the name, so speech input finds it.
  const btn = (label, title, data, onClick, name = title) => {
    const b = h('button', { type: 'button', title, 'aria-label': name, ...data }, ...[label].flat());
    b.addEventListener('click', onClick);
    return b;
  };
  const step = (key, dir) => () => {
    const next = stepReader(view.settings, key, dir);
    view.set(key, next[key]);
  };
  // The name holds the visible words ("Font: browser default" for "Browser default").
  const choice = (key, value, label) =>
    btn(label, `${key.replace('reader', '')}: ${label.toLowerCase()}`, { 'data-key': key, 'data-value': value }, () => view.set(key, value));
  const group = (label, ...items) => h('span', { class: 'group' }, h('span', { class: 'label' }, label), ...items);
  const panel = h(
    'div',
    { class: 'panel', id: 'rv-panel', role: 'group', 'aria-label': 'Text settings' },
    group(
      'Size',
      btn(
        ['A\u2212', h('span', { class: 'vh' }, ' smaller text')],
        'Smaller text (\u2212)',
        { 'data-action': 'font-smaller', 'aria-keyshortcuts': '-' },
        step('readerFontSize', -1),
        null,
      ),
      btn(
        ['A+', h('span', { class: 'vh' }, ' larger text')],
        'Larger text (+)',
        { 'data-action': 'font-larger', 'aria-keyshortcuts': '+' },
        step('readerFontSize', 1),
        null,
      ),
    ),
    group('Font', ...READER_FONTS.map((f) => choice('readerFont', f, FONT_NAMES[f] || f[0].toUpperCase() + f.slice(1)))),
    group(
      'Width',
      btn('\u2212', 'Narrower', { 'data-action': 'width-narrower' }, step('readerWidth', -1)),
      btn('+', 'Wider', { 'data-action': 'width-wider' }, step('readerWidth', 1)),
    ),
    group(
      'Lines',
      btn('\u2212', 'Tighter lines', { 'data-action': 'lines-tighter' }, step('readerLineHeight', -1)),
      btn('+', 'Looser lines', { 'data-action': 'lines-looser' }, step('readerLineHeight', 1)),
    ),
    group('Theme', ...READER_THEMES.map((t) => choice('readerTheme', t, t[0].toUpperCase() + t.slice(1)))),
    group(
      'Save',
      btn('Markdown', 'Save the article as Markdown', { 'data-action': 'export-markdown' }, () => view.exportAs('markdown')),
      btn('HTML', 'Save the article as one HTML file', { 'data-action': 'export-html' }, () => view.exportAs('html')),
      btn('Print', 'Print the article', { 'data-action': 'print' }, () => view.print()),
    ),
  );
  view.aa = btn('Aa', 'Text settings', { class: 'aa', 'data-action': 'settings', 'aria-expanded': 'false', 'aria-controls': 'rv-panel' }, () =>
    view.togglePanel(),
  );
  const speech = view.speech.build();
  return h(
    'div',
    { class: 'bar', role: 'toolbar', 'aria-label': 'Reader mode' },
    btn('\u00d7 Close', 'Close reader mode (Esc)', { class: 'close', 'data-action': 'close', 'aria-keyshortcuts': 'Escape' }, () => view.onClose()),
    speech.button,
    view.aa,
    panel,
    speech.row,
  );
}
