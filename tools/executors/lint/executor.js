// `lint`: exactly `eslint --max-warnings=0 <patterns>` from the workspace root (default pattern: the project root).
// Nx hands a batch of lint tasks to `batch` (preferBatch), which lints project after project with one ESLint
// instance: the flat config, typescript-eslint and the @nx module-boundaries rule load once instead of once per
// project (one process per project cost ~2 s of CPU, nearly all start-up). Each project still gets its own result,
// output and cache entry.
const { loadESLint } = require('eslint');

async function createLinter(root) {
  const ESLint = await loadESLint({ useFlatConfig: true });
  const eslint = new ESLint({ cwd: root });
  return { eslint, formatter: await eslint.loadFormatter('stylish') };
}

function patternsOf(options, context, project) {
  return options.lintFilePatterns ?? [context.projectsConfigurations.projects[project].root];
}

async function lintProject({ eslint, formatter }, patterns) {
  const startTime = Date.now();
  try {
    const results = await eslint.lintFiles(patterns);
    const errors = results.reduce((total, result) => total + result.errorCount + result.fatalErrorCount, 0);
    const warnings = results.reduce((total, result) => total + result.warningCount, 0);
    let terminalOutput = `eslint --max-warnings=0 ${patterns.join(' ')}\n${await formatter.format(results)}`;
    if (errors === 0 && warnings > 0) terminalOutput += 'ESLint found too many warnings (maximum: 0).\n';
    return { success: errors === 0 && warnings === 0, terminalOutput, startTime, endTime: Date.now() };
  } catch (error) {
    return { success: false, terminalOutput: `${error.stack ?? error}\n`, startTime, endTime: Date.now() };
  }
}

module.exports = async function lint(options, context) {
  const result = await lintProject(await createLinter(context.root), patternsOf(options, context, context.projectName));
  process.stdout.write(result.terminalOutput);
  return { success: result.success };
};

module.exports.batch = async function* lintBatch(taskGraph, inputs, _overrides, context) {
  const linter = await createLinter(context.root);
  for (const [taskId, task] of Object.entries(taskGraph.tasks)) {
    yield { task: taskId, result: await lintProject(linter, patternsOf(inputs[taskId], context, task.target.project)) };
  }
};
