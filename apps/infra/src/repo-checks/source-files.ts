import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  '.nx',
  '.git',
  'cdktf.out',
  'cdktf.out.offline',
  'tmp',
  'coverage',
]);

/** Every file under `root` whose name matches, skipping dependency and build folders. */
export function filesUnder(root: string, matches: (fileName: string) => boolean): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) visit(path.join(folder, entry.name));
      } else if (matches(entry.name)) {
        found.push(path.join(folder, entry.name));
      }
    }
  };
  visit(root);
  return found;
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
