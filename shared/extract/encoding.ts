// Thai CSV and TXT files come in UTF-8, UTF-16 (Excel's "Unicode text") or the legacy
// single-byte Thai code pages TIS-620 / Windows-874. Decode by the bytes, never by trust.
import iconv from 'iconv-lite';

export interface TextEncoding {
  /** An iconv-lite encoding name. */
  name: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-874';
  /** Length of the byte order mark the bytes start with. */
  bomLength: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The encoding of text bytes: by the byte order mark, else UTF-8 if valid, else Windows-874. */
export function textEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { name: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { name: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { name: 'utf-16be', bomLength: 2 };
  try {
    utf8.decode(bytes);
    return { name: 'utf-8', bomLength: 0 };
  } catch {
    // Windows-874 is a superset of TIS-620 (adds the euro sign, smart quotes, dashes).
    return { name: 'windows-874', bomLength: 0 };
  }
}

export function decodeText(bytes: Uint8Array, encoding = textEncoding(bytes)): string {
  const body = bytes.subarray(encoding.bomLength);
  return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), encoding.name);
}
