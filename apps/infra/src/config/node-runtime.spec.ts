import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAMBDA_NODE_RUNTIME, lambdaNodeRuntime, projectNodeMajor } from './node-runtime';

describe("the project's Node version", () => {
  it('is the one the tests run on, and the Lambdas run its major', () => {
    // Run through `npm test` or `npx …` after `npm ci`: node_modules/.bin/node (the `node` devDependency) comes
    // first on their PATH. A plain `node`/`jest` from the machine's own Node fails here, naming both versions.
    expect({ testsRunOn: process.versions.node.split('.')[0], lambdaRuntime: LAMBDA_NODE_RUNTIME }).toEqual({
      testsRunOn: String(projectNodeMajor()),
      lambdaRuntime: `nodejs${process.versions.node.split('.')[0]}.x`,
    });
  });

  it.each([
    ['a range', { node: '^22.0.0' }],
    ['no node at all', {}],
  ])('must be pinned exactly (%s is refused with the fix)', (_, devDependencies) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'node-runtime-'));
    try {
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ devDependencies }));
      expect(() => projectNodeMajor(path.join(dir, 'package.json'))).toThrow('exact devDependency ("node": "22.x.y")');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps only to a runtime Lambda has (odd and future majors have none)', () => {
    expect(lambdaNodeRuntime(22)).toBe('nodejs22.x');
    expect(() => lambdaNodeRuntime(25)).toThrow('package.json pins Node 25, which has no Lambda runtime');
  });
});
