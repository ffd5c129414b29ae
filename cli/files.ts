// Expands the paths given on the command line into the documents to scan. A path that cannot be
// followed (missing, unreadable, a symlink loop) is one document that could not be read: the
// others are still scanned.
import type { Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ScanError, parserMessage } from '../shared/errors.ts';
import { maskLongNumbers } from '../shared/masking.ts';

/** A document to scan, or why the path given for one cannot be. */
export interface DocumentPath {
  path: string;
  problem?: ScanError;
}

/**
 * Files under each path (directories recursively, in name order); '-' stands for stdin. Symbolic
 * links are followed, each directory entered once: a link back up the tree is reported, not walked.
 * Entries that are neither files nor directories (FIFOs, sockets, devices) are yielded, to be
 * refused by the reader with a reason rather than skipped without a word.
 */
export async function* documentPaths(paths: readonly string[]): AsyncGenerator<DocumentPath> {
  for (const path of paths) {
    if (path === '-') yield { path };
    else yield* visit(path, new Set());
  }
}

async function* visit(path: string, ancestors: ReadonlySet<string>): AsyncGenerator<DocumentPath> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (err) {
    yield { path, problem: new ScanError('unreadable', `the path cannot be read: ${parserMessage(err)}`) };
    return;
  }
  if (!info.isDirectory()) {
    yield { path };
    return;
  }
  // The directory's identity, wherever links make it appear: a loop leads back to an ancestor.
  const identity = `${info.dev}:${info.ino}`;
  if (ancestors.has(identity)) {
    // A file may be named after a person's ID: long numbers in the path are masked, as in parsers' messages.
    yield { path, problem: new ScanError('unreadable', `a symbolic link loop: the directory contains itself (${maskLongNumbers(await realpath(path).catch(() => path))})`) };
    return;
  }
  let names: string[];
  try {
    names = (await readdir(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (err) {
    yield { path, problem: new ScanError('unreadable', `the directory cannot be read: ${parserMessage(err)}`) };
    return;
  }
  const inside = new Set(ancestors).add(identity);
  for (const name of names) yield* visit(join(path, name), inside);
}

/** Standard input, refused without reading further once it passes `maxBytes`. */
export async function readStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) throw new ScanError('too_large', `standard input is more than ${maxBytes} bytes, the limit`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
