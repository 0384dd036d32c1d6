import { createProjectGraphAsync, type ProjectGraph } from 'nx/src/devkit-exports';

/**
 * The Nx graph must tell `nx affected` the truth: infra synthesizes and plans with the built Lambda bundles (file
 * assets, never imports), plan-review's tests synthesize and plan the infra stacks, and the specs of rotation-lambda
 * and failover-meter run the api-lambda bundle. None of that is an import Nx could see, so `implicitDependencies`
 * in the project.json files say it. This spec reads the real project graph and walks it backwards, as `nx affected`
 * does, from every Lambda app and every workspace lib a Lambda app is built from.
 */

/** The projects whose build is a Lambda bundle (`tools/bundle-lambda.mjs`). */
function lambdaApps(graph: ProjectGraph): string[] {
  return Object.values(graph.nodes)
    .filter((node) => String(node.data.targets?.build?.options?.command ?? '').includes('tools/bundle-lambda.mjs'))
    .map((node) => node.name)
    .sort();
}

/** Workspace projects `project` depends on, directly or not (npm packages left out). */
function dependenciesOf(graph: ProjectGraph, project: string): Set<string> {
  const found = new Set<string>();
  const queue = [project];
  while (queue.length > 0) {
    for (const { target } of graph.dependencies[queue.pop() as string] ?? []) {
      if (graph.nodes[target] && !found.has(target)) {
        found.add(target);
        queue.push(target);
      }
    }
  }
  return found;
}

/** What `nx affected` adds to a change in `project`: every project that depends on it, directly or not. */
function affectedBy(graph: ProjectGraph, project: string): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const [source, edges] of Object.entries(graph.dependencies)) {
    for (const { target } of edges) dependents.set(target, [...(dependents.get(target) ?? []), source]);
  }
  const affected = new Set([project]);
  const queue = [project];
  while (queue.length > 0) {
    for (const dependent of dependents.get(queue.pop() as string) ?? []) {
      if (!affected.has(dependent)) {
        affected.add(dependent);
        queue.push(dependent);
      }
    }
  }
  return affected;
}

/** The same graph without its implicit dependencies: what Nx would see from imports alone. */
function withoutImplicitDependencies(graph: ProjectGraph): ProjectGraph {
  const dependencies = Object.fromEntries(
    Object.entries(graph.dependencies).map(([source, edges]) => [
      source,
      edges.filter((edge) => edge.type !== 'implicit'),
    ]),
  );
  return { ...graph, dependencies };
}

/** What a project's `test` target declares as inputs: whether it has its own, the projects it lists, and whether it
 * takes every dependency's files (`^<input>` or `{ dependencies: true }`). */
function testInputsOf(node: ProjectGraph['nodes'][string]): {
  declared: boolean;
  listed: string[];
  everyDependency: boolean;
} {
  const inputs = node.data.targets?.['test']?.inputs as Array<string | Record<string, unknown>> | undefined;
  return {
    declared: inputs !== undefined,
    listed: (inputs ?? []).flatMap((input) =>
      typeof input === 'object' && 'projects' in input ? [input['projects']].flat() : [],
    ) as string[],
    everyDependency: (inputs ?? []).some(
      (input) =>
        (typeof input === 'string' && input.startsWith('^')) ||
        (typeof input === 'object' && input['dependencies'] === true),
    ),
  };
}

describe('the Nx project graph', () => {
  let graph: ProjectGraph;
  let apps: string[];
  let changed: string[];

  beforeAll(async () => {
    graph = await createProjectGraphAsync({ exitOnError: false });
    apps = lambdaApps(graph);
    const libs = apps
      .flatMap((app) => [...dependenciesOf(graph, app)])
      .filter((name) => graph.nodes[name].type === 'lib');
    changed = [...new Set([...apps, ...libs])].sort();
  }, 60_000);

  it('finds both Lambda apps and the libs bundled into them', () => {
    expect(apps).toEqual(['api-lambda', 'rotation-lambda']);
    expect(changed).toEqual(expect.arrayContaining(['db-client', 'db', 'lambda-http']));
  });

  it('GIVEN a change in a Lambda app or a lib it is built from THEN infra and plan-review are affected', () => {
    const missed = changed.flatMap((project) => {
      const affected = affectedBy(graph, project);
      return ['infra', 'plan-review'].filter((name) => !affected.has(name)).map((name) => `${project} -> ${name}`);
    });
    expect(missed).toEqual([]);
  });

  it('GIVEN a change in api-lambda or a lib it is built from THEN the projects whose specs run its bundle are affected', () => {
    const missed = ['api-lambda', ...dependenciesOf(graph, 'api-lambda')]
      .filter((project) => graph.nodes[project].type === 'lib' || project === 'api-lambda')
      .flatMap((project) => {
        const affected = affectedBy(graph, project);
        return ['rotation-lambda', 'failover-meter']
          .filter((name) => !affected.has(name))
          .map((name) => `${project} -> ${name}`);
      });
    expect(missed).toEqual([]);
  });

  it('GIVEN a change in infra THEN plan-review is affected (its specs synthesize and plan the infra stacks)', () => {
    expect(affectedBy(graph, 'infra').has('plan-review')).toBe(true);
  });

  it('keeps infra and plan-review free of imports of runtime code: only implicit dependencies link them', () => {
    // Without the implicit dependencies nothing would affect infra: this is what the checks above guard.
    const importsOnly = withoutImplicitDependencies(graph);
    for (const project of changed) {
      expect({ project, infra: affectedBy(importsOnly, project).has('infra') }).toEqual({ project, infra: false });
    }
    const edges = graph.dependencies['infra'].filter((edge) => graph.nodes[edge.target]);
    expect(
      edges
        .filter((edge) => edge.type === 'implicit')
        .map((edge) => edge.target)
        .sort(),
    ).toEqual(['api-lambda', 'rotation-lambda']);
    // What infra imports is infrastructure code too (the Markdown table helper it shares with plan-review).
    const imported = edges.filter((edge) => edge.type !== 'implicit').map((edge) => edge.target);
    expect(imported.filter((target) => !graph.nodes[target].data.tags?.includes('scope:infra'))).toEqual([]);
  });

  // A test target may list the projects whose files it reads instead of taking every dependency's files (`^default`):
  // the implicit dependencies on the Lambda apps are there for the integration specs (bundles, plans), and taking
  // their files into the unit specs' inputs re-runs infra's and plan-review's unit specs after any change to a Lambda
  // (the longest tasks of `nx affected -t test`), though no unit spec of theirs reads one. What the specs do read,
  // outside their project, `npx nx run tools:check-test-inputs` finds by tracing them. Here: that such a list still
  // names every project the code imports, so a new import cannot leave its files out of the inputs.
  it('GIVEN a test target that lists the projects it reads THEN it lists every project its code imports, directly or not', () => {
    // `{ projects, input }` takes those projects' files only, not what they import in turn: the list must hold the
    // whole chain of imports (implicit edges left out: they are what such a list leaves out on purpose).
    const importsOnly = withoutImplicitDependencies(graph);
    const gaps: string[] = [];
    for (const [project, node] of Object.entries(graph.nodes)) {
      const { listed, everyDependency } = testInputsOf(node);
      if (listed.length === 0 || everyDependency) continue;
      for (const imported of dependenciesOf(importsOnly, project)) {
        if (!listed.includes(imported)) gaps.push(`${project}:test does not list ${imported}, which its code imports`);
      }
    }
    expect(gaps).toEqual([]);
  });

  it("GIVEN a test target with inputs of its own THEN it takes its dependencies' files, by a list or by ^", () => {
    const importsOnly = withoutImplicitDependencies(graph);
    const blind = Object.entries(graph.nodes)
      .filter(([project, node]) => {
        const { declared, listed, everyDependency } = testInputsOf(node);
        return declared && listed.length === 0 && !everyDependency && dependenciesOf(importsOnly, project).size > 0;
      })
      .map(([project]) => project);
    expect(blind).toEqual([]);
  });

  it('lists the projects for infra and plan-review, whose unit specs read none of the Lambda apps', () => {
    for (const project of ['infra', 'plan-review']) {
      const inputs = JSON.stringify(graph.nodes[project].data.targets?.['test']?.inputs);
      expect({ project, inputs }).toEqual({ project, inputs: expect.stringContaining('"projects"') });
      expect({ project, inputs }).toEqual({ project, inputs: expect.not.stringContaining('^') });
    }
  });
});
