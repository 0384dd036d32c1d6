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

/**
 * GitHub's heading anchor: closing `#`s and link targets dropped, lowercase, punctuation dropped (hyphens and
 * underscores kept, as in `DB_TLS_CA_FILE`), spaces to hyphens.
 */
export function githubSlug(heading: string): string {
  return heading
    .replace(/\s+#+\s*$/, '')
    .trim()
    .toLowerCase()
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\-_ ]/gu, '')
    .replace(/ /g, '-');
}

/** The lines outside fenced code blocks (``` or ~~~). */
function outsideFences(text: string): string[] {
  let fence: string | undefined;
  return text.split('\n').filter((line) => {
    const opener = /^\s*(```|~~~)/.exec(line)?.[1];
    if (opener && (fence === undefined || fence === opener)) {
      fence = fence === undefined ? opener : undefined;
      return false;
    }
    return fence === undefined;
  });
}

/** The lines outside fenced code blocks, with inline code spans removed. */
function proseLines(text: string): string[] {
  return outsideFences(text).map((line) => line.replace(/`[^`]*`/g, '``'));
}

/** A file's anchors as GitHub makes them: the second heading with the same slug gets `-1`, the third `-2` … */
function anchorsOf(file: string): Set<string> {
  const headings = outsideFences(readFileSync(path.join(ROOT, file), 'utf8')).filter((line) => /^#{1,6} /.test(line));
  const seen = new Map<string, number>();
  return new Set(
    headings.map((line) => {
      const slug = githubSlug(line.replace(/^#{1,6} /, ''));
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      return count === 0 ? slug : `${slug}-${count}`;
    }),
  );
}

/** Inline links `[x](target)`, reference definitions `[x]: target` and HTML `href="target"`, not the web ones. */
function relativeLinks(file: string): string[] {
  const text = proseLines(readFileSync(path.join(ROOT, file), 'utf8')).join('\n');
  return [
    ...[...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]),
    ...[...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)].map((match) => match[1]),
    ...[...text.matchAll(/href="([^"]+)"/g)].map((match) => match[1]),
  ].filter((target) => !/^[a-z]+:/i.test(target));
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

  it('quote only repository paths that exist (`apps/…`, `libs/…`, `tools/…`, `docs/…`, and rules/… of the plan review)', () => {
    const missing = DOCS.flatMap((file) =>
      [
        ...readFileSync(path.join(ROOT, file), 'utf8').matchAll(
          /`((?:apps|libs|tools|docs)\/[\w./-]+|(?:src\/)?rules\/[\w/-]+(?:\.ts|\/))`/g,
        ),
      ]
        .map(([, quoted]) => quoted.replace(/[.:,]$/, ''))
        .filter((quoted) => !quoted.includes('<') && !quoted.includes('*'))
        .filter((quoted) => {
          const inRepository = /^(apps|libs|tools|docs)\//.test(quoted)
            ? quoted
            : path.join('apps/plan-review/src', quoted.replace(/^src\//, ''));
          return !existsSync(path.join(ROOT, inRepository));
        })
        .map((quoted) => `${file}: ${quoted}`),
    );
    expect(missing).toEqual([]);
  });

  describe('name only Nx targets that exist', () => {
    let graph: ProjectGraph;
    beforeAll(async () => {
      graph = await createProjectGraphAsync({ exitOnError: false });
    }, 60_000);

    it.each(DOCS)('in %s', (file) => {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const hasTarget = (project: string, target: string, configuration?: string) => {
        const targets = graph.nodes[project]?.data.targets ?? {};
        return Boolean(targets[target] && (!configuration || targets[target].configurations?.[configuration]));
      };
      const anyProjectHas = (target: string) => Object.keys(graph.nodes).some((project) => hasTarget(project, target));
      const missing = [
        // nx run <project>:<target>[:<configuration>]
        ...[...text.matchAll(/nx run ([\w-]+):([\w-]+)(?::([\w-]+))?/g)].filter(
          ([, project, target, configuration]) => !hasTarget(project, target, configuration),
        ),
        // nx <target> <project> (the short form, e.g. `nx serve api-lambda`)
        ...[
          ...text.matchAll(/nx (?!run\b|affected\b|run-many\b|show\b|graph\b|reset\b)([\w-]+) ([a-z][\w-]*)/g),
        ].filter(([, target, project]) => graph.nodes[project] !== undefined && !hasTarget(project, target)),
        // nx affected / run-many -t <targets>
        ...[
          ...text.matchAll(/nx (?:affected|run-many) (?:[^\n`]*?)(?:-t|--targets?)[ =]([\w,-]+(?: [\w-]+)*)/g),
        ].filter(([, targets]) =>
          targets.split(/[ ,]/).some((target) => target && !target.startsWith('-') && !anyProjectHas(target)),
        ),
      ].map(([command]) => command);
      expect(missing).toEqual([]);
    });
  });
});

describe('githubSlug', () => {
  it.each([
    ['Deploying for real', 'deploying-for-real'],
    ['`DB_TLS_CA_FILE` and friends', 'db_tls_ca_file-and-friends'],
    ['Closing ##', 'closing'],
    [
      'Runbook: upgrading a deployment on MySQL 8.0 to 8.4 (blue/green)',
      'runbook-upgrading-a-deployment-on-mysql-80-to-84-bluegreen',
    ],
    ['The drill: `failover-meter drill`', 'the-drill-failover-meter-drill'],
  ])('slugs "%s" as GitHub does', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });
});
