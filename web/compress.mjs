// Precompressed copies of the built page for static hosts that serve them (nginx
// brotli_static/gzip_static, Netlify, Cloudflare Pages, and web/test.mjs's server): FILE.br
// (brotli, quality 11, 16 MB window) and FILE.gz (gzip -9) beside each file of DIR. Prints
// what a browser downloads with each encoding. usage: node web/compress.mjs DIR
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node web/compress.mjs DIR');
const pad = (s, n) => String(s).padStart(n);
let raw = 0;
let gz = 0;
let br = 0;
console.log(`${'file'.padEnd(28)} ${pad('raw', 10)} ${pad('gzip -9', 10)} ${pad('brotli 11', 10)}`);
for (const name of readdirSync(dir).filter((n) => !/\.(br|gz)$/.test(n)).sort()) {
  const bytes = readFileSync(join(dir, name));
  const g = gzipSync(bytes, { level: 9 });
  const b = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  writeFileSync(join(dir, `${name}.gz`), g);
  writeFileSync(join(dir, `${name}.br`), b);
  raw += bytes.length;
  gz += g.length;
  br += b.length;
  console.log(`${name.padEnd(28)} ${pad(bytes.length, 10)} ${pad(g.length, 10)} ${pad(b.length, 10)}`);
}
const mb = (n) => (n / 1e6).toFixed(2);
console.log(`${'total'.padEnd(28)} ${pad(raw, 10)} ${pad(gz, 10)} ${pad(br, 10)}  (${mb(gz)} MB gzip, ${mb(br)} MB brotli)`);
