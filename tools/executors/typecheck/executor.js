// `typecheck`: the diagnostics of `tsc --noEmit -p <tsConfig>` (default: <projectRoot>/tsconfig.json), one program per
// project. Nx hands a batch of typecheck tasks to `batch` (preferBatch): the programs are made one after another in
// one process and share their parsed, bound source files (as TypeScript's language service shares them between
// projects with the same settings). Each project is still checked on its own, with its own files, settings and
// checker, so its diagnostics are exactly what its own tsc would print; what is no longer repeated is starting
// TypeScript and parsing @types/node, the libs' sources and every .d.ts once per project (~3 s of CPU each).
const path = require('node:path');
const ts = require('typescript');

const FORMAT_HOST = {
  getCanonicalFileName: (fileName) => fileName,
  getCurrentDirectory: () => process.cwd(),
  getNewLine: () => '\n',
};

/** Parsed source files by settings that shape parsing and binding, then by file and parse options. */
function createSourceFileCache() {
  const caches = new Map();
  return (options) => {
    // configFilePath and pathsBasePath name the project's own tsconfig; they change neither parsing nor binding.
    const settings = { ...options };
    delete settings.configFilePath;
    delete settings.pathsBasePath;
    const key = JSON.stringify(settings);
    if (!caches.has(key)) caches.set(key, new Map());
    return caches.get(key);
  };
}

function checkProject(tsConfig, cacheFor) {
  const startTime = Date.now();
  const configErrors = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(tsConfig, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => configErrors.push(diagnostic),
  });
  let diagnostics = configErrors;
  if (parsed) {
    const cache = cacheFor(parsed.options);
    const host = ts.createCompilerHost(parsed.options);
    const readSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
      const parse =
        typeof languageVersionOrOptions === 'object'
          ? languageVersionOrOptions
          : { languageVersion: languageVersionOrOptions };
      const key = [fileName, parse.languageVersion, parse.impliedNodeFormat, parse.jsDocParsingMode].join('\0');
      if (!shouldCreateNewSourceFile && cache.has(key)) return cache.get(key);
      const sourceFile = readSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
      if (sourceFile) cache.set(key, sourceFile);
      return sourceFile;
    };
    const program = ts.createProgram({
      rootNames: parsed.fileNames,
      options: { ...parsed.options, noEmit: true },
      host,
      projectReferences: parsed.projectReferences,
      configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed),
    });
    diagnostics = [...ts.getPreEmitDiagnostics(program)];
  }
  const errors = diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error).length;
  const relative = path.relative(process.cwd(), tsConfig);
  const terminalOutput =
    `tsc --noEmit -p ${relative}\n` +
    ts.formatDiagnostics(diagnostics, FORMAT_HOST) +
    (errors > 0 ? `\nFound ${errors} error${errors === 1 ? '' : 's'}.\n` : '');
  return { success: errors === 0, terminalOutput, startTime, endTime: Date.now() };
}

function tsConfigOf(options, context, project) {
  return path.resolve(
    context.root,
    options.tsConfig ?? path.join(context.projectsConfigurations.projects[project].root, 'tsconfig.json'),
  );
}

module.exports = async function typecheck(options, context) {
  const result = checkProject(tsConfigOf(options, context, context.projectName), createSourceFileCache());
  process.stdout.write(result.terminalOutput);
  return { success: result.success };
};

module.exports.batch = async function* typecheckBatch(taskGraph, inputs, _overrides, context) {
  const cacheFor = createSourceFileCache();
  for (const [taskId, task] of Object.entries(taskGraph.tasks)) {
    yield { task: taskId, result: checkProject(tsConfigOf(inputs[taskId], context, task.target.project), cacheFor) };
  }
};
