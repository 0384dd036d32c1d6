import { writeFileSync } from 'node:fs';

/** The picture is a by-product: a file that cannot be written is reported, and the run's verdict still stands. */
export function writeTimeline(file: string, svg: string, io: { readonly stderr: NodeJS.WritableStream }): void {
  try {
    writeFileSync(file, svg);
    io.stderr.write(`failover-meter: wrote the timeline to ${file}\n`);
  } catch (error) {
    io.stderr.write(`failover-meter: could not write the timeline to ${file}: ${(error as Error).message}\n`);
  }
}
