/**
 * Splits a byte stream into newline-terminated lines, refusing any line longer than the limit
 * (counted in bytes before decoding, so a flood of data cannot grow memory unbounded).
 */
export interface LineSplitter {
  /** Feeds a chunk; returns false once a line exceeded the limit (the caller closes). */
  push(chunk: Buffer): boolean;
}

export function createLineSplitter(
  maxLineBytes: number,
  onLine: (line: string) => void,
): LineSplitter {
  let parts: Buffer[] = [];
  let size = 0;
  let overflowed = false;

  const take = (piece: Buffer): boolean => {
    size += piece.length;
    if (size > maxLineBytes) overflowed = true;
    else if (piece.length > 0) parts.push(piece);
    return !overflowed;
  };

  return {
    push(chunk) {
      if (overflowed) return false;
      let start = 0;
      let nl = chunk.indexOf(0x0a, start);
      while (nl !== -1) {
        if (!take(chunk.subarray(start, nl))) return false;
        const line = Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
        parts = [];
        size = 0;
        if (line.trim() !== '') onLine(line);
        start = nl + 1;
        nl = chunk.indexOf(0x0a, start);
      }
      return take(chunk.subarray(start));
    },
  };
}
