import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'windows-1251';

/**
 * Decodes a text file as senders make them: UTF-8 with or without BOM, otherwise Windows-1251
 * (what Russian Excel writes for «CSV (разделители — запятые)»).
 */
export function decodeText(buffer: Buffer): { text: string; encoding: TextEncoding } {
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: buffer.subarray(3).toString('utf8'), encoding: 'utf-8' };
  }
  // Windows-1251 Cyrillic is never valid UTF-8, so a strict check tells the two apart.
  if (isUtf8(buffer)) return { text: buffer.toString('utf8'), encoding: 'utf-8' };
  return { text: iconv.decode(buffer, 'win1251'), encoding: 'windows-1251' };
}
