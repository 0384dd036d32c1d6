#!/usr/bin/env node
// Writes the README's picture, docs/failover-sample.svg, from the synthetic sample run:
// `npx nx run failover-meter:sample-svg`. svg.spec.ts fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sampleFailoverRun } from './sample-run';
import { renderSvgTimeline } from './svg';

const file = path.join(__dirname, '../../docs/failover-sample.svg');
writeFileSync(file, renderSvgTimeline(sampleFailoverRun()));
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
