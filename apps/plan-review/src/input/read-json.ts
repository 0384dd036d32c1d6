import { readFileSync, statSync } from 'node:fs';
import { InputError } from './input-error';

/** Reads a JSON document, turning every way it can be unusable into an InputError with a sentence saying why. */
export function readJsonFile(path: string, what: string): unknown {
  let bytes: Buffer;
  try {
    if (!statSync(path).isFile()) throw new InputError(`${what} ${path} is not a file.`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${what} ${path} does not exist or cannot be read.`);
  }
  const text = decodedText(bytes);
  if (text.startsWith('PK')) {
    throw new InputError(
      `${what} ${path} is a binary plan file; convert it with \`terraform show -json ${path} > plan.json\`.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // Newer V8 messages quote the offending text; that text could be anything (a secret), so keep only its position.
    const message = (error as Error).message;
    const where = /position \d+(?: \(line \d+ column \d+\))?|Unexpected end of JSON input/.exec(message)?.[0];
    throw new InputError(`${what} ${path} is not valid JSON${where ? ` (${where})` : ''}.`);
  }
}

/**
 * JSON text as Terraform writes it is UTF-8, but a plan saved by a shell may not be: Windows PowerShell 5.1's `>`
 * writes UTF-16LE with a byte order mark, and other tools add a UTF-8 one
 * (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_character_encoding).
 * RFC 8259 (section 8.1) lets a parser ignore a byte order mark; the UTF-16 forms are those JSON allowed before it
 * (RFC 7159 section 8.1, UTF-16 big or little endian), told apart by the mark. Anything else is read as UTF-8.
 */
function decodedText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Node decodes only little-endian UTF-16: swap each pair of bytes (a trailing odd byte is not UTF-16 anyway).
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - ((bytes.length - 2) % 2)));
    return swapped.swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}
