// Reader mode's stylesheet (constructed in the view's shadow root) and its fonts.

export const FONTS = {
  serif: 'Georgia, "Noto Serif", "DejaVu Serif", "Times New Roman", serif',
  sans: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif',
  mono: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
};

const THEME_VARS = {
  light: '--bg: #ffffff; --fg: #1b1b1f; --muted: #5f6368; --link: #0b57d0; --rule: #dadce0; --bar: #f6f7f8; --code: #f1f3f4;',
  dark: '--bg: #1c1b22; --fg: #e8e6e3; --muted: #a8a6a3; --link: #8ab4f8; --rule: #3c3b44; --bar: #26252d; --code: #2a2931;',
  sepia: '--bg: #f4ecd8; --fg: #5b4636; --muted: #7d6a58; --link: #8b4513; --rule: #d8ccb0; --bar: #ebe1c8; --code: #ebe1c8;',
};

export const CSS = `
:host { all: initial; }
.scroller { position: absolute; inset: 0; overflow: auto; overscroll-behavior: contain; outline: none;
  background: var(--bg); color: var(--fg); font-family: var(--font); font-size: var(--fs); line-height: var(--lh);
  -webkit-text-size-adjust: 100%; color-scheme: light; }
.scroller[data-theme="light"], .scroller[data-theme="auto"] { ${THEME_VARS.light} }
.scroller[data-theme="dark"] { ${THEME_VARS.dark} color-scheme: dark; }
.scroller[data-theme="sepia"] { ${THEME_VARS.sepia} }
@media (prefers-color-scheme: dark) { .scroller[data-theme="auto"] { ${THEME_VARS.dark} color-scheme: dark; } }
.bar { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; justify-content: center;
  padding: 6px 10px; background: var(--bar); border-bottom: 1px solid var(--rule);
  font: 13px/1.2 system-ui, sans-serif; }
.bar .group { display: inline-flex; gap: 2px; align-items: center; }
.bar .label { color: var(--muted); margin: 0 4px 0 8px; }
.bar button { font: inherit; color: var(--fg); background: transparent; border: 1px solid var(--rule); border-radius: 4px;
  padding: 3px 8px; cursor: pointer; min-width: 28px; }
.bar button[aria-pressed="true"] { background: var(--fg); color: var(--bg); }
.bar button.close { margin-right: auto; }
.bar .spacer { margin-left: auto; }
.page { box-sizing: border-box; max-width: calc(var(--w) * 1em); margin: 0 auto; padding: 2em 1.2em 4em; }
.site { color: var(--muted); font-size: 0.85em; margin: 0 0 0.3em; }
h1.title { font-size: 1.8em; line-height: 1.2; margin: 0 0 0.4em; }
.meta { color: var(--muted); font-size: 0.85em; margin: 0 0 1.5em; padding-bottom: 1em; border-bottom: 1px solid var(--rule); }
.meta span + span::before { content: " \\00b7 "; }
.content { overflow-wrap: break-word; }
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
.message { color: var(--muted); }
`;
