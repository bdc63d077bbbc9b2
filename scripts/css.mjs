// Trunk's pre-build hook (Trunk.toml): every stylesheet in style/ minified by lightningcss (the
// CSS minifier Trunk itself uses for its `minify` option, which would also minify the pages'
// HTML and break the inline start-up script) into target/style/, which the pages link.
import { transform } from 'lightningcss';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';

mkdirSync('target/style', { recursive: true });
for (const name of readdirSync('style').filter((f) => f.endsWith('.css'))) {
  const { code } = transform({ filename: name, code: readFileSync(`style/${name}`), minify: true });
  writeFileSync(`target/style/${name}`, code);
}
