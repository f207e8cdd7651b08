#!/usr/bin/env bash
# Builds the site into target/www and serves it on http://127.0.0.1:$PORT (default 8080).
#
#   target/www/            the files of www/ (playground, self-check page, landing page)
#   target/www/pkg/        the always-on detector build of the core (wasm-bindgen --target web)
#   target/www/pkg-reader/ the reader weight (article extraction), loaded for reader view only
#   target/www/ext/        the extension's applier and the JS contract (extension/src), so the
#                          playground and the self-check page change pages with the same code
#   target/www/samples/    a few bundled corpus pages and index.json (slug, title, size)
#
# Nothing here needs the network: the server is python3's standard library, bound to
# 127.0.0.1 only. Usage:
#   scripts/serve.sh              build the wasm, assemble, serve (Ctrl-C stops)
#   scripts/serve.sh --prepare    build and assemble only (what scripts/www-test.sh uses)
#   ADSTRIP_SKIP_WASM=1 ...       reuse target/pkg as it is (no cargo run)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8080}"
OUT=target/www
# The London Glossy Post page first: it is the one the landing page and the tests talk about.
SAMPLES=(
  londonglossypost
  news-haitiantimes-2022-wordads-adsense
  wpcom-chabermu-2015-wordads-subscribe
  news-djz-adinserter-gpt
  news-zitrod-jetpack-adinserter
  blog-goodstuff-jetpack-block
  blog-chefjackovens-jetpack-modal
  news-report24-advads-mc4wp
  blog-hacks-mozilla-2015-noads
)

prepare() {
  if [ "${ADSTRIP_SKIP_WASM:-}" != 1 ] || [ ! -f target/pkg/detector/adstrip_bg.wasm ] || [ ! -f target/pkg/reader/adstrip_bg.wasm ]; then
    scripts/ensure-tools.sh wasm npm
    export PATH="${ADSTRIP_TOOLS:-$HOME/.cache/adstrip-tools}/bin:$HOME/.cargo/bin:$PATH"
    scripts/build-wasm.sh
  fi
  rm -rf "$OUT"
  mkdir -p "$OUT/pkg" "$OUT/samples"
  cp -R www/. "$OUT/"
  rm -f "$OUT/package.json" "$OUT/package-lock.json"
  cp -R target/pkg/detector/adstrip.js target/pkg/detector/adstrip_bg.wasm target/pkg/detector/snippets "$OUT/pkg/"
  mkdir -p "$OUT/ext"
  cp extension/src/applier.js extension/src/change-record.js extension/src/page-guard.js extension/src/contract.gen.js "$OUT/ext/"
  # The reader preview is the extension's own view code (one code path).
  mkdir -p "$OUT/ext/reader"
  cp extension/src/settings.js extension/src/sites.js extension/src/user-selectors.js "$OUT/ext/"
  # view.js and every module it imports (its toolbar, keys, read aloud, print and export).
  cp extension/src/reader/view*.js extension/src/reader/speech.js extension/src/reader/export.js \
     extension/src/reader/prepass.js "$OUT/ext/reader/"
  # Reader view's weight, loaded only when the view is chosen.
  mkdir -p "$OUT/pkg-reader"
  cp target/pkg/reader/adstrip.js target/pkg/reader/adstrip_bg.wasm "$OUT/pkg-reader/"
  for s in "${SAMPLES[@]}"; do
    cp "tests/fixtures/corpus/pages/$s.html" "$OUT/samples/"
  done
  python3 - "$OUT/samples" "${SAMPLES[@]}" <<'PY'
import html, json, os, re, sys
out, slugs = sys.argv[1], sys.argv[2:]
rows = []
for slug in slugs:
    path = os.path.join(out, slug + ".html")
    text = open(path, encoding="utf-8", errors="replace").read()
    m = re.search(r"<title[^>]*>(.*?)</title>", text, re.S | re.I)
    title = html.unescape(m.group(1)).strip() if m else ""
    title = re.sub(r"\s+", " ", title) or slug.replace("-", " ").title()
    if slug == "londonglossypost":
        title = "London Glossy Post (saved article, WordAds + Jetpack lines)"
    rows.append({"slug": slug, "file": slug + ".html", "title": title, "bytes": os.path.getsize(path)})
json.dump(rows, open(os.path.join(out, "index.json"), "w"), indent=1, ensure_ascii=False)
PY
  echo "serve: assembled $OUT ($(du -sh "$OUT" | cut -f1)); detector wasm $(wc -c < "$OUT/pkg/adstrip_bg.wasm") bytes"
}

serve() {
  echo "serve: http://127.0.0.1:$PORT/ (playground), /tests.html (self-check), /about.html"
  exec python3 - "$OUT" "$PORT" "$@" <<'PY'
import functools, http.server, sys
root, port = sys.argv[1], int(sys.argv[2])

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".json": "application/json"}
    def end_headers(self):
        # Always the files just built; never cached by the browser between runs.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()
    def log_message(self, fmt, *args):
        if "-q" not in sys.argv:
            sys.stderr.write("serve: %s\n" % (fmt % args))

http.server.ThreadingHTTPServer.allow_reuse_address = True
with http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root)) as httpd:
    httpd.serve_forever()
PY
}

case "${1:-}" in
  --prepare) prepare ;;
  --serve-only) shift; serve "$@" ;;
  *) prepare; serve ;;
esac
