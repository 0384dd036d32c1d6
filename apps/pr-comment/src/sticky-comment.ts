/**
 * One review comment per stack in a pull request, edited on every push instead of a new one each time: the comment
 * is found by a hidden marker naming the stack, and by its author (anyone may paste the marker into a comment; only
 * ours is ours to edit). GitHub REST API: https://docs.github.com/en/rest/issues/comments
 */

/** GitHub refuses a comment body longer than this (characters). */
export const COMMENT_LIMIT = 65_536;
/** The author of comments made with a workflow's GITHUB_TOKEN. */
export const WORKFLOW_BOT = 'github-actions[bot]';
const PAGE_SIZE = 100;

export function stickyMarker(stack: string): string {
  return `<!-- plan-review:${stack} -->`;
}

/**
 * The comment body: the marker, then the review's Markdown. The review CLI already fits its report in one comment;
 * this cut is the last resort, so that the marker (and with it the next update) never falls off.
 */
export function commentBody(stack: string, report: string | undefined): string {
  const marker = stickyMarker(stack);
  if (report === undefined) {
    return `${marker}\n## Plan review: ${stack}\n\n**Nothing was reviewed**: the plan could not be made, or the review could not read it (exit 2). The job log says why.\n`;
  }
  const body = `${marker}\n${report}`;
  if (body.length <= COMMENT_LIMIT) return body;
  const note = '\n\n… cut here to fit one GitHub comment: the full report is the job artifact (review.json).\n';
  return body.slice(0, COMMENT_LIMIT - note.length) + note;
}

export interface GitHubTarget {
  /** `owner/name` */
  readonly repository: string;
  readonly pullRequest: number;
  readonly token: string;
  /** `https://api.github.com`, or the GitHub Enterprise API (GITHUB_API_URL). */
  readonly apiUrl: string;
  /** The login whose comment is ours to update. */
  readonly author?: string;
}

export interface Upserted {
  readonly action: 'created' | 'updated';
  readonly commentId: number;
  readonly url: string;
}

interface IssueComment {
  readonly id: number;
  readonly body?: string;
  readonly html_url: string;
  readonly user?: { readonly login?: string } | null;
}

/** A GitHub API call that did not succeed; the message names the request and the status, never the token. */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
}

/** Creates the stack's comment, or updates the one that already carries its marker. */
export async function upsertStickyComment(
  target: GitHubTarget,
  stack: string,
  body: string,
  fetchImpl: typeof fetch = fetch,
): Promise<Upserted> {
  const api = (path: string, init?: { method: string; body: string }) =>
    request<IssueComment | IssueComment[]>(fetchImpl, target, path, init);
  const marker = stickyMarker(stack);
  const author = target.author ?? WORKFLOW_BOT;
  const issue = `/repos/${target.repository}/issues/${target.pullRequest}`;

  for (let page = 1; ; page += 1) {
    const comments = (await api(`${issue}/comments?per_page=${PAGE_SIZE}&page=${page}`)) as IssueComment[];
    const ours = comments.find((comment) => comment.user?.login === author && comment.body?.includes(marker));
    if (ours) {
      const updated = (await api(`/repos/${target.repository}/issues/comments/${ours.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ body }),
      })) as IssueComment;
      return { action: 'updated', commentId: updated.id, url: updated.html_url };
    }
    if (comments.length < PAGE_SIZE) break;
  }
  const created = (await api(`${issue}/comments`, { method: 'POST', body: JSON.stringify({ body }) })) as IssueComment;
  return { action: 'created', commentId: created.id, url: created.html_url };
}

async function request<T>(
  fetchImpl: typeof fetch,
  target: GitHubTarget,
  path: string,
  init?: { method: string; body: string },
): Promise<T> {
  const method = init?.method ?? 'GET';
  const response = await fetchImpl(`${target.apiUrl.replace(/\/$/, '')}${path}`, {
    method,
    body: init?.body,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${target.token}`,
      'content-type': 'application/json',
      'user-agent': 'plan-review',
      'x-github-api-version': '2022-11-28',
    },
  });
  if (!response.ok) {
    const detail = await response.text().catch(() => '');
    const message = /"message"\s*:\s*"([^"]*)"/.exec(detail)?.[1] ?? response.statusText;
    throw new GitHubApiError(`${method} ${path.replace(/\?.*$/, '')} answered ${response.status}: ${message}`);
  }
  return (await response.json()) as T;
}
