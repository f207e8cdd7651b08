// Reader mode's stylesheet (constructed in the view's shadow root) and its fonts. The view's own
// boxes are matched by position (`.scroller > .bar`, `.main > .page > .title`), so the
// article's own markup, whose classes may be the same words (`div.page`, `.content`, `.title`),
// never takes the view's padding or sizes.

export const FONTS = {
  serif: 'Georgia, "Noto Serif", "DejaVu Serif", "Times New Roman", serif',
  sans: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif',
  mono: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  // The browser's own default font, as its user set it (the initial value of font-family).
  browser: 'initial',
};

// Text 4.5:1 or more on --bg and --bar (--muted included); --edge 3:1 or more on --bar.
// --mark: the sentence being read aloud, under --fg text (7:1 or more).
const THEME_VARS = {
  light: '--bg: #ffffff; --fg: #1b1b1f; --muted: #595e63; --link: #0b57d0; --rule: #dadce0; --edge: #767b82; --bar: #f6f7f8; --code: #f1f3f4; --mark: #fde68a;',
  dark: '--bg: #1c1b22; --fg: #e8e6e3; --muted: #b0aeab; --link: #8ab4f8; --rule: #3c3b44; --edge: #8e8c96; --bar: #26252d; --code: #2a2931; --mark: #4a3f0a;',
  sepia: '--bg: #f4ecd8; --fg: #5b4636; --muted: #66523f; --link: #7a3a0c; --rule: #d8ccb0; --edge: #8a7560; --bar: #ebe1c8; --code: #ebe1c8; --mark: #f2d48a;',
};

/** Below this width the text settings fold into the "Aa" panel: the whole toolbar (close, the
 *  settings, save, read aloud) fits one row only from about 1,470 px on. */
export const NARROW_PX = 1500;

export const CSS = `
:host { all: initial; }
.scroller { position: absolute; inset: 0; overflow: auto; overscroll-behavior: contain; outline: none;
  background: var(--bg); color: var(--fg); font-family: var(--font); font-size: var(--fs); line-height: var(--lh);
  letter-spacing: normal; word-spacing: normal; -webkit-text-size-adjust: 100%; color-scheme: light; }
.scroller[data-theme="light"], .scroller[data-theme="auto"] { ${THEME_VARS.light} }
.scroller[data-theme="dark"] { ${THEME_VARS.dark} color-scheme: dark; }
.scroller[data-theme="sepia"] { ${THEME_VARS.sepia} }
@media (prefers-color-scheme: dark) { .scroller[data-theme="auto"] { ${THEME_VARS.dark} color-scheme: dark; } }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.scroller > .bar { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center;
  padding: 6px 12px; background: var(--bar); border-bottom: 1px solid var(--rule); font: 14px/1.2 system-ui, sans-serif; }
.bar .close { margin-right: auto; }
.bar .aa { display: none; font-family: ${FONTS.serif}; font-size: 16px; }
.bar .panel { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; }
.bar .group { display: inline-flex; gap: 3px; align-items: center; }
.bar .label { color: var(--muted); margin-right: 4px; }
.bar button { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--edge); border-radius: 5px;
  padding: 4px 9px; cursor: pointer; min-width: 32px; min-height: 30px; }
.bar button[aria-pressed="true"] { background: var(--fg); color: var(--bg); border-color: var(--fg); }
@media (max-width: ${NARROW_PX}px) {
  .bar .aa { display: inline-block; }
  .bar .aa[aria-expanded="true"] { background: var(--fg); color: var(--bg); }
  .bar .panel { display: none; position: absolute; top: 100%; right: 8px; left: 8px; max-width: 360px; margin-left: auto;
    flex-direction: column; align-items: stretch; gap: 10px; padding: 12px; background: var(--bar); border: 1px solid var(--edge);
    border-radius: 8px; box-shadow: 0 6px 20px rgba(0, 0, 0, 0.25); }
  .bar .aa[aria-expanded="true"] + .panel { display: flex; }
  .bar .group { justify-content: space-between; }
  .bar .label { flex: 1; }
}
.main > .page { box-sizing: border-box; max-width: calc(var(--w) * 1em); margin: 0 auto; padding: 2em 1.25em 4em; }
@media (max-width: 480px) { .main > .page { padding: 1.25em 16px 3em; } .page > .title { font-size: 1.6em; } }
.page > .origin { color: var(--muted); font: 15px/1.4 system-ui, sans-serif; margin: 0 0 0.6em; }
.page > .origin a { color: var(--link); }
.page > .title { font-size: 2em; line-height: 1.2; margin: 0 0 0.4em; }
.page > .meta { color: var(--muted); font-size: 0.85em; margin: 0 0 1.5em; padding-bottom: 1em; border-bottom: 1px solid var(--rule); }
.page > .content { overflow-wrap: break-word; }
.content h1 { font-size: 1.5em; } .content h2 { font-size: 1.35em; } .content h3 { font-size: 1.15em; }
.content h4, .content h5, .content h6 { font-size: 1em; }
.content :is(h1, h2, h3, h4, h5, h6) { line-height: 1.25; margin: 1.4em 0 0.5em; }
.content a { color: var(--link); }
.content img, .content video, .content iframe { max-width: 100%; height: auto; }
.content iframe { aspect-ratio: 16 / 9; width: 100%; border: 0; }
.content figure { margin: 1.5em 0; }
.content figcaption, .content .wp-caption-text, .content .wp-element-caption { color: var(--muted); font-size: 0.85em; margin-top: 0.4em; }
.content pre, .content code { font-family: ${FONTS.mono}; font-size: 0.9em; background: var(--code); }
.content pre { padding: 0.8em; overflow: auto; line-height: 1.4; }
.content blockquote { margin: 1em 0; padding: 0 1em; border-left: 3px solid var(--rule); color: var(--muted); }
.content table { border-collapse: collapse; max-width: 100%; display: block; overflow: auto; }
.content td, .content th { border: 1px solid var(--rule); padding: 0.3em 0.5em; }
.content hr { border: 0; border-top: 1px solid var(--rule); }
.page > .message { color: var(--muted); }
.scroller[data-font="browser"] { font-family: initial; }
.bar > .listen[aria-pressed="true"] { background: var(--fg); color: var(--bg); border-color: var(--fg); }
.bar > .speech-wrap { flex-basis: 100%; }
.bar > .speech-wrap[hidden] { display: none; }
.speech-wrap > .speech { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; }
.speech-wrap > .speech[hidden] { display: none; }
.speech .rate { min-width: 3.2em; text-align: center; }
.bar select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--edge); border-radius: 5px;
  min-height: 30px; max-width: min(18em, 60vw); }
.speech-wrap > .speech-status { margin: 4px 0 0; }
.speech-wrap > .speech-status:empty { display: none; }
::highlight(adstrip-reading) { background-color: var(--mark); color: var(--fg); }
.page [data-reading] { box-shadow: -0.6em 0 0 -0.3em var(--mark); }
@media print {
  .scroller { position: static; overflow: visible; font-size: 12pt; }
  .scroller[data-theme] { --bg: #ffffff; --fg: #000000; --muted: #333333; --link: #000000; --rule: #999999; --code: #f3f3f3; color-scheme: light; }
  .scroller > .bar { display: none; }
  .main > .page { max-width: none; padding: 0; }
  .page [data-reading] { box-shadow: none; }
  .content pre { white-space: pre-wrap; overflow: visible; }
  .content :is(h1, h2, h3, h4, h5, h6) { break-after: avoid; }
  .content :is(figure, img, pre, blockquote, table) { break-inside: avoid; }
}
`;
