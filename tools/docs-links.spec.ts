import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createProjectGraphAsync, type ProjectGraph } from 'nx/src/devkit-exports';

/**
 * The docs are part of the product: every relative link in README.md, CHANGELOG.md and docs/*.md reaches a file of
 * the repository (and, with a `#fragment`, a heading of that file, as GitHub slugs it), and every `npx nx run
 * <project>:<target>[:<configuration>]` they name exists in the real project graph.
 */
const ROOT = path.resolve(__dirname, '..');
const DOCS = [
  'README.md',
  'CHANGELOG.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

/** GitHub's heading anchor: lowercase, markup and punctuation dropped (hyphens kept), spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');
}

function proseLines(text: string): string[] {
  let inCode = false;
  return text.split('\n').filter((line) => {
    if (line.startsWith('```')) inCode = !inCode;
    return !inCode;
  });
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return new Set(
    proseLines(text)
      .map((line) => /^#{1,6} (.*)$/.exec(line)?.[1])
      .filter((heading): heading is string => heading !== undefined)
      .map(githubSlug),
  );
}

function relativeLinks(file: string): string[] {
  const text = proseLines(readFileSync(path.join(ROOT, file), 'utf8')).join('\n');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^[a-z]+:/i.test(target));
}

describe('the docs', () => {
  it('are a README, a CHANGELOG and a docs/ folder', () => {
    expect(DOCS).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/plan-review.md']));
    expect(existsSync(path.join(ROOT, 'LICENSE'))).toBe(true);
  });

  it.each(DOCS)('%s links only to files and headings that exist', (file) => {
    const broken = relativeLinks(file).filter((target) => {
      const [target_path, fragment] = target.split('#');
      const resolved = target_path ? path.join(path.dirname(file), target_path) : file;
      if (!existsSync(path.join(ROOT, resolved))) return true;
      return fragment !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(fragment);
    });
    expect(broken).toEqual([]);
  });

  it('point at nothing outside the repository by a relative path', () => {
    const outside = DOCS.flatMap((file) =>
      relativeLinks(file)
        .map((target) => path.normalize(path.join(path.dirname(file), target.split('#')[0])))
        .filter((resolved) => resolved.startsWith('..'))
        .map((resolved) => `${file}: ${resolved}`),
    );
    expect(outside).toEqual([]);
  });

  describe('name only Nx targets that exist', () => {
    let graph: ProjectGraph;
    beforeAll(async () => {
      graph = await createProjectGraphAsync({ exitOnError: false });
    }, 60_000);

    it.each(DOCS)('in %s', (file) => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const missing = [...text.matchAll(/nx run ([\w-]+):([\w-]+)(?::([\w-]+))?/g)]
        .map(([command, project, target, configuration]) => {
          const targets = graph.nodes[project]?.data.targets ?? {};
          const found = targets[target] && (!configuration || targets[target].configurations?.[configuration]);
          return found ? undefined : command;
        })
        .filter((command) => command !== undefined);
      expect(missing).toEqual([]);
    });
  });
});

describe('githubSlug', () => {
  it.each([
    ['Deploying for real', 'deploying-for-real'],
    [
      'Runbook: upgrading a deployment on MySQL 8.0 to 8.4 (blue/green)',
      'runbook-upgrading-a-deployment-on-mysql-80-to-84-bluegreen',
    ],
    ['The drill: `failover-meter drill`', 'the-drill-failover-meter-drill'],
  ])('slugs "%s" as GitHub does', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });
});
