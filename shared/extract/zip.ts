// ZIP containers (DOCX, XLSX, ODS) are checked before any parser inflates them: a zip bomb
// (a few kilobytes that inflate to gigabytes) is refused by what it really inflates to, not by
// the sizes its headers claim.
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { ScanError, parserMessage } from '../errors.ts';

export interface ZipLimits {
  maxDecompressedBytes: number;
  maxEntries: number;
}

/** Inflates every entry once, counting, and stops at the first limit crossed. */
export function checkZip(bytes: Uint8Array, limits: ZipLimits): void {
  let total = 0;
  let entries = 0;
  let exceeded: string | undefined;
  const unzip = new Unzip((file) => {
    if (exceeded) return;
    if (++entries > limits.maxEntries) {
      exceeded = `it holds more than ${limits.maxEntries} files`;
      return;
    }
    file.ondata = (err, chunk) => {
      if (err) throw new ScanError('corrupt', `the archive is damaged: ${parserMessage(err)}`);
      total += chunk.length;
      if (total > limits.maxDecompressedBytes && !exceeded) {
        exceeded = `it inflates to more than ${limits.maxDecompressedBytes} bytes`;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch (err) {
    if (err instanceof ScanError) throw err;
    if (!exceeded) throw new ScanError('corrupt', `the archive cannot be read: ${parserMessage(err)}`);
  }
  if (exceeded) throw new ScanError('too_large', `the document is a compressed archive and ${exceeded} (a zip bomb?)`);
}

/** The entries whose names match, inflated (after checkZip). */
export function readZipEntries(bytes: Uint8Array, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  try {
    return new Map(Object.entries(unzipSync(bytes, { filter: (f) => wanted(f.name) })));
  } catch (err) {
    throw new ScanError('corrupt', `the archive cannot be read: ${parserMessage(err)}`);
  }
}
