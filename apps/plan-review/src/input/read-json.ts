import { readFileSync, statSync } from 'node:fs';
import { InputError } from './input-error';

/** Reads a JSON document, turning every way it can be unusable into an InputError with a sentence saying why. */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new InputError(`${what} ${path} is not a file.`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${what} ${path} does not exist or cannot be read.`);
  }
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
