// An entry of the kit bundled from the sources and tree-shaken as an app's bundler would: for
// tests of what an app that uses only part of the kit ships.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `code` (imports relative to the repository's root) bundled for the browser: its text and the files that went in. */
export async function bundleSources(code: string, external: string[] = []): Promise<{ text: string; inputs: string[] }> {
  const out = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    external,
    logLevel: 'silent',
  });
  return { text: out.outputFiles[0].text, inputs: Object.keys(out.metafile.inputs) };
}
