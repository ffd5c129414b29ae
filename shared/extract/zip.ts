// ZIP containers (DOCX, XLSX, ODS, ODT) are read the way their readers read them: through the
// central directory, each entry from the local header it points at. A zip bomb is refused before
// anything is inflated: entries whose data overlap (David Fifield's overlapping zip bomb points
// many entries at one quoted stream), more entries than the limit, or entries that declare more
// than the limit; each entry is then inflated with its declared size as a hard cap, so what the
// archive inflates to can never pass the limit, whatever its headers claim.
//
// adm-zip lists the central directory with each entry's local header offset and where its data
// starts (fflate's unzip does not expose offsets, so overlaps could not be seen); node's zlib
// inflates, capped by maxOutputLength.
import AdmZip from 'adm-zip';
import { inflateRawSync } from 'node:zlib';
import { ScanError, parserMessage } from '../errors.ts';
import type { ExtractionLimits } from './index.ts';

export type ZipLimits = Pick<ExtractionLimits, 'maxDecompressedBytes' | 'maxZipEntries'>;

type ZipEntry = AdmZip.IZipEntry;

const STORED = 0;
const DEFLATED = 8;

const tooLarge = (what: string): ScanError => new ScanError('too_large', `the document is a compressed archive and ${what} (a zip bomb?)`);
const damaged = (err: unknown): ScanError => new ScanError('corrupt', `the archive cannot be read: ${parserMessage(err)}`);

/** The entries of the central directory, refused when reading them could not be bounded. */
function zipEntries(bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
  let entries: ZipEntry[];
  try {
    const zip = new AdmZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (zip.getEntryCount() > limits.maxZipEntries) throw tooLarge(`it holds more than ${limits.maxZipEntries} files`);
    entries = zip.getEntries();
  } catch (err) {
    throw err instanceof ScanError ? err : damaged(err);
  }
  // General purpose flag bit 0: ZipCrypto or a stronger scheme.
  if (entries.some((e) => e.header.encrypted)) throw new ScanError('encrypted', 'the archive is protected by a password');
  refuseOverlaps(entries);
  const declared = entries.reduce((sum, e) => sum + e.header.size, 0);
  if (declared > limits.maxDecompressedBytes) throw tooLarge(`it inflates to more than ${limits.maxDecompressedBytes} bytes`);
  return entries;
}

/** Each entry's local header and data must lie apart from every other's: shared data is read once per entry. */
function refuseOverlaps(entries: readonly ZipEntry[]): void {
  const spans = entries.map((e) => {
    try {
      e.getCompressedData(); // reads the local header: where the data starts
    } catch (err) {
      throw damaged(err);
    }
    return { start: e.header.offset, end: e.header.realDataOffset + e.header.compressedSize };
  });
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.end) throw tooLarge('its entries overlap');
  }
}

/** An entry's bytes, never more than its declared size. */
function inflate(entry: ZipEntry): Uint8Array {
  const data = entry.getCompressedData();
  const { method, size } = entry.header;
  if (method === STORED) return data;
  if (method !== DEFLATED) throw new ScanError('corrupt', `the archive uses compression method ${method}, which leakscan does not read`);
  try {
    // zlib needs a cap of at least 1: an empty entry still inflates to nothing.
    return inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(`${entry.entryName} inflates to more than the ${size} bytes it declares`);
    throw damaged(err);
  }
}

/**
 * Checks an archive a library will inflate on its own (SheetJS): every entry inflated once,
 * capped, and dropped, so that none inflates to more than it declares.
 */
export function checkZip(bytes: Uint8Array, limits: ZipLimits): void {
  for (const entry of zipEntries(bytes, limits)) inflate(entry);
}

/** The entries whose names match, inflated within the limits. */
export function readZipEntries(bytes: Uint8Array, wanted: (name: string) => boolean, limits: ZipLimits): Map<string, Uint8Array> {
  return new Map(
    zipEntries(bytes, limits)
      .filter((e) => wanted(e.entryName))
      .map((e) => [e.entryName, inflate(e)]),
  );
}
