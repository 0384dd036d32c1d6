/**
 * CDKTF names a resource after its construct path plus a hash (`network_flow-log_1A2B3C4D`). Without the synth's
 * `//` metadata this is the best guess of the path (`network/flow-log`).
 */
export function constructPathFromName(name: string): string {
  return name
    .replace(/_[0-9A-F]{8}$/, '')
    .split('_')
    .join('/');
}

/** `dev/network/vpc` -> `network/vpc` (the stack name adds nothing inside one stack's review). */
export function constructPathWithoutStack(path: string, stackName: string | undefined): string {
  const segments = path.split('/');
  return stackName && segments[0] === stackName ? segments.slice(1).join('/') : path;
}
