import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../input/input-error';
import { INFRA_SYNTH_ENTRY, runTypeScript } from './workspace';

export interface RevisionSynth {
  /** The revision's cdk.tf.json for the stack, or undefined when the revision has no such stack. */
  readonly synthPath: string | undefined;
  /** Removes the worktree and the synth output. */
  readonly cleanUp: () => void;
}

/** What the diff cannot show, printed with it: the base synth reads the current Lambda bundles. */
export const SHARED_BUILD_CAVEAT =
  'Lambda package contents come from the current build (dist/ is shared with the base checkout), so changes to ' +
  'Lambda code alone do not show here as asset changes.';

/**
 * Synthesizes `ref` in a temporary git worktree of the repository at `repoDirectory`. Untracked inputs the synth
 * needs (node_modules, the Lambda bundles in dist/) are symlinked from the repository, not installed or built again:
 * see SHARED_BUILD_CAVEAT.
 */
export function synthesizeRevision(repoDirectory: string, ref: string, stackName: string): RevisionSynth {
  const root = git(repoDirectory, ['rev-parse', '--show-toplevel'], 'find the git repository').trim();
  const commit = resolveCommit(root, ref);
  const scratch = mkdtempSync(join(tmpdir(), 'plan-review-base-'));
  const tree = join(scratch, 'tree');
  const cleanUp = () => {
    spawnSync('git', ['-C', root, 'worktree', 'remove', '--force', tree], { encoding: 'utf8' });
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    git(root, ['worktree', 'add', '--detach', tree, commit], `check out ${ref}`);
    for (const untracked of ['node_modules', 'dist']) {
      if (existsSync(join(root, untracked)) && !existsSync(join(tree, untracked)))
        symlinkSync(join(root, untracked), join(tree, untracked));
    }
    const outdir = join(scratch, 'out');
    runTypeScript(INFRA_SYNTH_ENTRY, ['--offline', '--outdir', outdir], tree, `Synthesizing ${ref}`);
    const synthPath = join(outdir, 'stacks', stackName, 'cdk.tf.json');
    return { synthPath: existsSync(synthPath) ? synthPath : undefined, cleanUp };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

/** The commit id of `ref`; a ref that git would read as an option, or that names no commit, is unusable input. */
function resolveCommit(root: string, ref: string): string {
  if (ref.startsWith('-')) throw new InputError(`--base takes a git ref, and "${ref}" starts with "-".`);
  const result = spawnSync('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new InputError(`--base ${ref} is not a commit in ${root}.`);
  return result.stdout.trim();
}

function git(cwd: string, args: string[], what: string): string {
  const result = spawnSync('git', ['-C', cwd, ...args], { encoding: 'utf8' });
  if (result.status !== 0)
    throw new InputError(`Cannot ${what}: ${(result.stderr || result.error?.message || '').trim()}`);
  return result.stdout;
}
