// Reading a document file within the limits before any byte is read: the size from the open
// file's own stat (a sparse 2 GB file is refused without filling memory), and only regular files
// (a FIFO or a device would block or never end).
import { type Stats, constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { ScanError, parserMessage } from '../errors.ts';

export async function readDocumentFile(path: string, maxBytes: number): Promise<Uint8Array> {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((err: unknown) => {
    throw new ScanError('unreadable', `the file cannot be opened: ${parserMessage(err)}`);
  });
  try {
    const info = await file.stat();
    if (!info.isFile()) throw new ScanError('unsupported_format', `the path is not a regular file but ${kindOf(info)}`);
    if (info.size > maxBytes) throw new ScanError('too_large', `the document is ${info.size} bytes; the limit is ${maxBytes}`);
    // No more than stat said: a file that grows while it is read cannot push past the limit.
    const bytes = new Uint8Array(info.size);
    let length = 0;
    for (let read = -1; read !== 0 && length < bytes.length; length += read) {
      ({ bytesRead: read } = await file.read(bytes, length, bytes.length - length, null));
    }
    return bytes.subarray(0, length);
  } finally {
    await file.close();
  }
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isDirectory()) return 'a directory';
  return 'a special file';
}
