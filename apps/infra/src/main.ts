import './cli/exit-on-config-error';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { buildApp } from './app';

// Entry point of `infra:synth` and of cdktf-cli (cdktf.json "app"). Reads argv only, never the environment, so the
// same command always produces the same JSON. Usage: main.ts [--offline] [--outdir <dir>]
const { values } = parseArgs({
  options: { offline: { type: 'boolean', default: false }, outdir: { type: 'string' } },
  strict: true,
});

const started = performance.now();
const app = buildApp({ outdir: values.outdir, variant: values.offline ? 'offline' : 'aws' });
app.synth();
const elapsedMs = Math.round(performance.now() - started);

for (const stack of app.node.children) {
  console.log(
    `synthesized ${stack.node.id} -> ${path.relative(
      process.cwd(),
      path.join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'),
    )}`,
  );
}
console.log(
  `synthesized ${app.node.children.length} stacks (${values.offline ? 'offline' : 'aws'} variant) in ${elapsedMs} ms`,
);
