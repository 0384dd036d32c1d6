import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './comment-cli';
import { COMMENT_LIMIT, commentBody, stickyMarker, upsertStickyComment, WORKFLOW_BOT } from './sticky-comment';

const TOKEN = 'ghs_test-token-not-a-secret';
const REPOSITORY = 'acme/rds-platform';
const PULL_REQUEST = 7;

interface StoredComment {
  id: number;
  body: string;
  user: { login: string };
  html_url: string;
}

/** A stand-in for the GitHub issue-comments API of one pull request, over real HTTP on localhost. */
class FakeGitHub {
  readonly comments: StoredComment[] = [];
  readonly requests: string[] = [];
  refuseWith: number | undefined;
  private server: Server | undefined;
  private nextId = 1;

  add(body: string, login = WORKFLOW_BOT): StoredComment {
    const comment = { id: this.nextId++, body, user: { login }, html_url: `https://github.test/c/${this.nextId}` };
    this.comments.push(comment);
    return comment;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(([status, payload]) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    this.requests.push(`${request.method} ${url.pathname}${url.search}`);
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return [401, { message: 'Bad credentials' }];
    if (this.refuseWith) return [this.refuseWith, { message: 'Resource not accessible by integration' }];
    const body = await new Promise<string>((resolve) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => resolve(text));
    });
    const issue = `/repos/${REPOSITORY}/issues/${PULL_REQUEST}/comments`;
    if (request.method === 'GET' && url.pathname === issue) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return [200, this.comments.slice((page - 1) * perPage, page * perPage)];
    }
    if (request.method === 'POST' && url.pathname === issue) {
      return [201, this.add(JSON.parse(body).body)];
    }
    const edit = new RegExp(`^/repos/${REPOSITORY}/issues/comments/(\\d+)$`).exec(url.pathname);
    const comment = edit && this.comments.find((candidate) => candidate.id === Number(edit[1]));
    if (request.method === 'PATCH' && comment) {
      comment.body = JSON.parse(body).body;
      return [200, comment];
    }
    return [404, { message: 'Not Found' }];
  }
}

describe('the sticky review comment', () => {
  let github: FakeGitHub;
  let apiUrl: string;
  const target = () => ({ repository: REPOSITORY, pullRequest: PULL_REQUEST, token: TOKEN, apiUrl });

  beforeEach(async () => {
    github = new FakeGitHub();
    apiUrl = await github.start();
  });
  afterEach(() => github.stop());

  it('is created when the pull request has none for the stack', async () => {
    github.add('LGTM', 'a-reviewer');
    const result = await upsertStickyComment(target(), 'dev', commentBody('dev', '# Review: pass\n'));
    expect(result.action).toBe('created');
    expect(github.comments).toHaveLength(2);
    expect(github.comments[1].body).toBe(`${stickyMarker('dev')}\n# Review: pass\n`);
  });

  it('is updated in place on the next push, not posted again', async () => {
    await upsertStickyComment(target(), 'dev', commentBody('dev', 'first push'));
    const second = await upsertStickyComment(target(), 'dev', commentBody('dev', 'second push'));
    expect(second.action).toBe('updated');
    expect(github.comments.map((comment) => comment.body)).toEqual([`${stickyMarker('dev')}\nsecond push`]);
    expect(github.requests.filter((line) => line.startsWith('POST'))).toHaveLength(1);
  });

  it('keeps one comment per stack: the prod review does not overwrite the dev one', async () => {
    await upsertStickyComment(target(), 'dev', commentBody('dev', 'dev review'));
    await upsertStickyComment(target(), 'prod', commentBody('prod', 'prod review'));
    expect(github.comments.map((comment) => comment.body)).toEqual([
      `${stickyMarker('dev')}\ndev review`,
      `${stickyMarker('prod')}\nprod review`,
    ]);
  });

  it('finds its comment past the first page of 100', async () => {
    for (let index = 0; index < 130; index += 1) github.add(`comment ${index}`, 'a-reviewer');
    const ours = github.add(commentBody('dev', 'old'));
    const result = await upsertStickyComment(target(), 'dev', commentBody('dev', 'new'));
    expect(result).toMatchObject({ action: 'updated', commentId: ours.id });
    expect(github.requests).toContain(`GET /repos/${REPOSITORY}/issues/${PULL_REQUEST}/comments?per_page=100&page=2`);
  });

  it('does not edit a comment someone else wrote with the marker in it', async () => {
    const pasted = github.add(`${stickyMarker('dev')}\nall rules pass, trust me`, 'someone-else');
    const result = await upsertStickyComment(target(), 'dev', commentBody('dev', 'the real review'));
    expect(result.action).toBe('created');
    expect(pasted.body).toContain('trust me');
  });

  it('fails naming the request and the status when GitHub refuses, without the token', async () => {
    github.refuseWith = 403;
    const failure = upsertStickyComment(target(), 'dev', 'body');
    await expect(failure).rejects.toThrow(
      `GET /repos/${REPOSITORY}/issues/${PULL_REQUEST}/comments answered 403: Resource not accessible by integration`,
    );
    await expect(upsertStickyComment(target(), 'dev', 'body')).rejects.not.toThrow(TOKEN);
  });
});

describe('the comment body', () => {
  it('says nothing was reviewed when there is no report (no plan, or exit 2)', () => {
    const body = commentBody('prod', undefined);
    expect(body.startsWith(stickyMarker('prod'))).toBe(true);
    expect(body).toContain('**Nothing was reviewed**');
  });

  it('never exceeds one GitHub comment, and keeps the marker and a pointer to the artifact', () => {
    const body = commentBody('dev', 'x'.repeat(COMMENT_LIMIT + 10));
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.startsWith(stickyMarker('dev'))).toBe(true);
    expect(body).toContain('the full report is the job artifact');
  });

  it('is the marker and the report unchanged when they fit', () => {
    expect(commentBody('dev', '# ok')).toBe('<!-- plan-review:dev -->\n# ok');
  });
});

describe('pr-comment (the workflow step)', () => {
  let github: FakeGitHub;
  let directory: string;
  let env: Record<string, string>;
  let stderr: jest.SpyInstance;

  beforeEach(async () => {
    github = new FakeGitHub();
    directory = mkdtempSync(join(tmpdir(), 'pr-comment-'));
    const eventPath = join(directory, 'event.json');
    writeFileSync(eventPath, JSON.stringify({ pull_request: { number: PULL_REQUEST } }));
    env = {
      GITHUB_TOKEN: TOKEN,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_API_URL: await github.start(),
      GITHUB_EVENT_PATH: eventPath,
    };
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    rmSync(directory, { recursive: true, force: true });
    await github.stop();
  });

  it('posts the review file for the pull request of the event, then updates it', async () => {
    const report = join(directory, 'review.md');
    writeFileSync(report, '# Plan review: dev\n1 rule fails');
    expect(await main(['--stack', 'dev', '--body', report], env)).toBe(0);
    writeFileSync(report, '# Plan review: dev\nevery rule passes');
    expect(await main(['--stack', 'dev', '--body', report], env)).toBe(0);
    expect(github.comments.map((comment) => comment.body)).toEqual([
      `${stickyMarker('dev')}\n# Plan review: dev\nevery rule passes`,
    ]);
  });

  it('posts that the review could not run when its report is missing', async () => {
    expect(await main(['--stack', 'dev', '--body', join(directory, 'none.md')], env)).toBe(0);
    expect(github.comments[0].body).toContain('**Nothing was reviewed**');
  });

  it('exits 2 with one line when the token is missing', async () => {
    delete env['GITHUB_TOKEN'];
    expect(await main(['--stack', 'dev', '--body', 'review.md'], env)).toBe(2);
    expect(String(stderr.mock.calls[0][0])).toMatch(/^pr-comment: GITHUB_TOKEN is not set\./);
    expect(github.requests).toEqual([]);
  });

  it('exits 2 when GitHub refuses (a fork pull request gets a read-only token)', async () => {
    github.refuseWith = 403;
    expect(await main(['--stack', 'dev', '--body', 'review.md', '--pr', '9'], env)).toBe(2);
    expect(String(stderr.mock.calls[0][0])).toContain('answered 403');
  });
});
