// Reader mode's exports: the article as Markdown and as one self-contained HTML file (its own
// stylesheet inside, no script, nothing fetched but the article's own images), saved through a
// download link. Both are built from the view's article element, so they hold exactly what the
// reader shows (already sanitised by the core and scrubbed by the view).

/** Block elements: their Markdown stands on lines of its own. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'aside',
  'main',
  'figure',
  'figcaption',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'blockquote',
  'pre',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'details',
  'summary',
]);

/** Markdown's own characters in running text, escaped so the text reads as it did. */
const escapeText = (s) => s.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/^(\s*)([#>+-]|\d+\.)(?=\s)/gm, '$1\\$2');

const squash = (s) => s.replace(/[ \t\r\n\f]+/g, ' ');

/** A link target written so Markdown reads it whole (spaces and parentheses escaped). */
const target = (url) => url.replace(/[ ()<>]/g, (c) => encodeURIComponent(c));

function fence(code) {
  let f = '```';
  while (code.includes(f)) f += '`';
  return f;
}

/** A simple data table (no merged cells) as a GFM table; anything else stays HTML. */
function table(el) {
  const rows = [...el.querySelectorAll('tr')].filter((r) => r.closest('table') === el);
  if (!rows.length || [...el.querySelectorAll('td, th')].some((c) => c.colSpan > 1 || c.rowSpan > 1 || c.querySelector('table, ul, ol, pre'))) {
    return `\n\n${el.outerHTML}\n\n`;
  }
  const cells = rows.map((r) => [...r.children].filter((c) => /^t[dh]$/.test(c.localName)).map((c) => inline(c).trim().replace(/\n+/g, ' ')));
  const width = Math.max(...cells.map((r) => r.length));
  const line = (r) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
  const [head, ...body] = cells;
  return `\n\n${[line(head), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n')}\n\n`;
}

/** The Markdown of an element's children, inline elements joined, blocks on their own lines. */
function inline(el, ctx = {}) {
  let out = '';
  for (const n of el.childNodes) out += node(n, ctx);
  return out;
}

function list(el, ctx) {
  let i = Number(el.getAttribute('start')) || 1;
  let out = '\n\n';
  for (const li of el.children) {
    if (li.localName !== 'li') continue;
    const mark = el.localName === 'ol' ? `${i++}.` : '-';
    // Continuation lines (a nested list, a second paragraph) indented under the item's text.
    const body = inline(li, ctx)
      .replace(/\n{3,}/g, '\n\n')
      .trim()
      .replace(/\n(?=.)/g, `\n${' '.repeat(mark.length + 1)}`);
    out += `${mark} ${body}\n`;
  }
  return `${out}\n`;
}

function node(n, ctx) {
  if (n.nodeType === 3) return ctx.pre ? n.data : escapeText(squash(n.data));
  if (n.nodeType !== 1) return '';
  const tag = n.localName;
  switch (tag) {
    case 'br':
      return ctx.pre ? '\n' : '  \n';
    case 'strong':
    case 'b': {
      const t = inline(n, ctx);
      return t.trim() ? `**${t.trim()}**` : t;
    }
    case 'em':
    case 'i': {
      const t = inline(n, ctx);
      return t.trim() ? `_${t.trim()}_` : t;
    }
    case 'del':
    case 's':
      return `~~${inline(n, ctx).trim()}~~`;
    case 'code': {
      if (ctx.pre) return n.textContent;
      const t = n.textContent;
      const tick = t.includes('`') ? '``' : '`';
      return `${tick}${tick.length > 1 ? ' ' : ''}${t}${tick.length > 1 ? ' ' : ''}${tick}`;
    }
    case 'a': {
      const t = inline(n, ctx).trim();
      const href = n.getAttribute('href');
      if (!href) return t;
      // In-article anchors (footnotes, sections) stay anchors; other addresses are made absolute.
      return `[${t || href}](${target(href.startsWith('#') ? href : n.href || href)})`;
    }
    case 'img': {
      const src = n.getAttribute('src');
      return src ? `![${escapeText(squash(n.getAttribute('alt') || ''))}](${target(n.src || src)})` : '';
    }
    case 'sup':
    case 'sub':
    case 'math':
    case 'svg':
      return tag === 'math' || tag === 'svg' ? n.outerHTML : `<${tag}>${inline(n, ctx)}</${tag}>`;
    case 'iframe':
    case 'video':
    case 'audio': {
      const src = n.getAttribute('src') || n.querySelector('source')?.getAttribute('src');
      return src ? `\n\n[${n.getAttribute('title') || 'Embedded media'}](${target(src)})\n\n` : '';
    }
    case 'pre': {
      const code = n.textContent.replace(/\n$/, '');
      const lang = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/.exec(`${n.className} ${n.querySelector('code')?.className || ''}`)?.[1] || '';
      const f = fence(code);
      return `\n\n${f}${lang}\n${code}\n${f}\n\n`;
    }
    case 'blockquote': {
      const body = inline(n, ctx)
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      return `\n\n${body.replace(/^/gm, '> ').replace(/^> $/gm, '>')}\n\n`;
    }
    case 'ul':
    case 'ol':
      return list(n, ctx);
    case 'table':
      return table(n);
    case 'hr':
      return '\n\n---\n\n';
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return `\n\n${'#'.repeat(Number(tag[1]))} ${inline(n, ctx).replace(/\s+/g, ' ').trim()}\n\n`;
    default: {
      const body = inline(n, ctx);
      return BLOCKS.has(tag) ? `\n\n${body.trim()}\n\n` : body;
    }
  }
}

/** The article as Markdown: a title, the source line, then the content. `meta`: {title, byline,
 *  url}. Code blocks keep their lines and language, simple tables become tables. */
export function toMarkdown(content, meta = {}) {
  const head = [];
  if (meta.title) head.push(`# ${squash(meta.title).trim()}`);
  const source = [meta.byline && squash(meta.byline).trim(), meta.url && `<${meta.url}>`].filter(Boolean).join(' \u00b7 ');
  if (source) head.push(source);
  const body = node(content, {})
    .replace(/[ \t]+\n/g, (m) => (m.startsWith('  ') ? '  \n' : '\n'))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return `${[...head, body].join('\n\n')}\n`;
}

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The saved file's stylesheet: the reader's light page, and its print layout. */
const FILE_CSS = `body { margin: 0; background: #fff; color: #1b1b1f; font: 20px/1.6 Georgia, "Noto Serif", serif; }
main { max-width: 36em; margin: 0 auto; padding: 2em 1.25em 4em; box-sizing: border-box; }
.origin, .meta { color: #595e63; font: 15px/1.4 system-ui, sans-serif; }
h1 { line-height: 1.2; } a { color: #0b57d0; }
img, video { max-width: 100%; height: auto; }
pre, code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.9em; background: #f1f3f4; }
pre { padding: 0.8em; overflow: auto; }
blockquote { margin: 1em 0; padding: 0 1em; border-left: 3px solid #dadce0; color: #595e63; }
table { border-collapse: collapse; } td, th { border: 1px solid #dadce0; padding: 0.3em 0.5em; }
figcaption { color: #595e63; font-size: 0.85em; }
@media print { body { font-size: 12pt; } main { max-width: none; padding: 0; } a { color: inherit; } }`;

/** The article as one HTML file that opens anywhere on its own: the content as the view shows
 *  it, a stylesheet inside, a policy that lets no script run, and a link back to the source. */
export function toHtmlFile(content, meta = {}) {
  const title = escapeHtml(squash(meta.title || 'Article').trim());
  const copy = content.cloneNode(true);
  // Embedded players would load on open; the saved file links to them instead.
  for (const f of copy.querySelectorAll('iframe')) {
    const a = content.ownerDocument.createElement('a');
    a.href = f.getAttribute('src') || '';
    a.textContent = f.getAttribute('title') || 'Embedded media';
    f.replaceWith(a);
  }
  for (const el of copy.querySelectorAll('[src], [href]')) {
    for (const name of ['src', 'href']) {
      const v = el.getAttribute(name);
      if (v && !v.startsWith('#') && el[name]) el.setAttribute(name, el[name]);
    }
  }
  const lang = meta.lang ? ` lang="${escapeHtml(meta.lang)}"` : '';
  const dir = meta.dir ? ` dir="${escapeHtml(meta.dir)}"` : '';
  const source = meta.url ? `<p class="origin"><a href="${escapeHtml(meta.url)}">${escapeHtml(meta.url)}</a></p>` : '';
  const byline = meta.byline ? `<p class="meta">${escapeHtml(squash(meta.byline).trim())}</p>` : '';
  return `<!DOCTYPE html>
<html${lang}${dir}><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src https: http: data:; media-src https: http:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${FILE_CSS}</style>
</head><body><main>
${source}<h1>${title}</h1>
${byline}${copy.innerHTML}
</main></body></html>
`;
}

/** A file name from the title: its words, lower case, at most 80 characters. */
export function fileName(title, ext) {
  const base =
    (title || '')
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/, '') || 'article';
  return `${base}.${ext}`;
}

/** Saves `text` as a file called `name` through a download link in `where` (an element of the
 *  view, so the page sees no link of its own). */
export function download(where, name, type, text) {
  const doc = where.ownerDocument;
  const win = doc.defaultView;
  const url = win.URL.createObjectURL(new win.Blob([text], { type: `${type};charset=utf-8` }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  where.append(a);
  a.click();
  a.remove();
  win.setTimeout(() => win.URL.revokeObjectURL(url), 60000);
}
