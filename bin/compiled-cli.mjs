// The command line compiled to JavaScript by esbuild, kept in node_modules/.cache/leakscan and
// compiled again when a source file changes. tsx compiles as it loads, but its loader costs about
// 0.2 s in every process, and a scan starts two (the command and a scan worker): compiled, a scan
// of a text file starts in about a quarter of a second.
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ENTRY_POINTS = { main: 'cli/main.ts', 'scan-worker': 'shared/isolation/scan-worker.ts' };
// A change of how it is compiled must compile again, whatever the sources say.
const RECIPE = 'esbuild-esm-node20-1';

/** The compiled main module's URL and scan worker's path, compiling first if a source changed; undefined if it cannot be compiled here. */
export async function compiledCli(root) {
  const cache = join(root, 'node_modules', '.cache', 'leakscan');
  const manifestFile = join(cache, 'manifest.json');
  const current = readManifest(manifestFile);
  const build = current && isFresh(root, current) ? current.build : await compile(root, cache, manifestFile).catch(() => undefined);
  if (!build) return undefined;
  return { mainUrl: pathToFileURL(join(cache, build, 'main.mjs')).href, workerPath: join(cache, build, 'scan-worker.mjs') };
}

function readManifest(file) {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    return manifest.recipe === RECIPE ? manifest : undefined;
  } catch {
    return undefined;
  }
}

const stamp = (path) => {
  const { mtimeMs, size } = statSync(path);
  return `${mtimeMs}:${size}`;
};

function isFresh(root, manifest) {
  try {
    return Object.entries(manifest.inputs).every(([path, seen]) => stamp(resolve(root, path)) === seen);
  } catch {
    return false;
  }
}

async function compile(root, cache, manifestFile) {
  const { build } = await import('esbuild');
  // Each compilation has a directory of its own, so a command still loading an older one's chunks is not disturbed.
  const name = `build-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRY_POINTS,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Libraries are loaded from node_modules as they are, not copied into the bundle.
    packages: 'external',
    outdir: join(cache, name),
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceLocations],
  });
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((path) => [path, stamp(resolve(root, path))]));
  const temporary = `${manifestFile}.${name}`;
  writeFileSync(temporary, JSON.stringify({ recipe: RECIPE, build: name, inputs }));
  renameSync(temporary, manifestFile);
  removeOldBuilds(cache, name);
  return name;
}

/** A module finds its files (models, the package's manifest, the dashboard's) beside its source: it keeps its source's import.meta. */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)).replaceAll('import.meta.dirname', JSON.stringify(dirname(path)));
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Removes builds older than a day, other than the current one, so that edits do not pile them up.
 * A command started from one, still running a day later, may then miss a chunk it loads late (a
 * reader first needed by a long `serve` after its sources were edited): restarting it compiles anew.
 */
function removeOldBuilds(cache, current) {
  for (const entry of readdirSync(cache)) {
    const path = join(cache, entry);
    if (entry.startsWith('build-') && entry !== current && Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { recursive: true, force: true });
  }
}
