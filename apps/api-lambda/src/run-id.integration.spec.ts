// Run ids are exact (libs/db migration 002 stores them as bytes) and limited to the failover meter's character set,
// so no two spellings ever reach the same rows.
import { invoke, useApiFixture } from './testing/spec-fixture';

jest.setTimeout(60_000);

const fixture = useApiFixture();

const post = (body: string | Buffer, contentType?: string) =>
  invoke(fixture().handler().handler, { method: 'POST', path: '/heartbeats', body, contentType });
const list = (query: string) => invoke(fixture().handler().handler, { path: `/heartbeats?${query}` });
const runIdsOf = (response: { json: Record<string, unknown> }) =>
  (response.json.heartbeats as { runId: string }[]).map((row) => row.runId);
const invalidRunId = {
  statusCode: 400,
  json: {
    error: {
      code: 'INVALID_FIELD',
      message: expect.stringMatching(/^runId must be 1 to 64 of the characters A-Z a-z 0-9 \. _ : -$/),
    },
  },
};

describe('runId', () => {
  it('is case-sensitive: caserun and CaseRun are two runs, each with its own rows', async () => {
    const upper = await post(JSON.stringify({ runId: 'CaseRun', seq: 1 }));
    const lower = await post(JSON.stringify({ runId: 'caserun', seq: 1 }));

    expect(upper).toMatchObject({ statusCode: 201, json: { runId: 'CaseRun', seq: 1 } });
    expect(lower).toMatchObject({ statusCode: 201, json: { runId: 'caserun', seq: 1 } });
    expect(runIdsOf(await list('runId=caserun'))).toEqual(['caserun']);
    expect(runIdsOf(await list('runId=CaseRun'))).toEqual(['CaseRun']);
    expect(runIdsOf(await list('runId=CASERUN'))).toEqual([]);
  });

  it('refuses accented letters with 400, in a write and in a listing, instead of folding them', async () => {
    await post(JSON.stringify({ runId: 'resume', seq: 1 }));

    expect(await post(JSON.stringify({ runId: 'résumé', seq: 1 }))).toMatchObject(invalidRunId);
    expect(await list(`runId=${encodeURIComponent('résumé')}`)).toMatchObject(invalidRunId);
    expect(await fixture().server.rootQuery("SELECT run_id FROM app.heartbeats WHERE run_id LIKE 'r%sum%'")).toEqual([
      { run_id: Buffer.from('resume') },
    ]);
  });

  it('refuses trailing (and any) spaces with 400, so "trail " never reads trail\'s rows', async () => {
    await post(JSON.stringify({ runId: 'trail', seq: 1 }));

    expect(await post(JSON.stringify({ runId: 'trail ', seq: 1 }))).toMatchObject(invalidRunId);
    expect(await list('runId=trail%20')).toMatchObject(invalidRunId);
    expect(await list('runId=%20trail')).toMatchObject(invalidRunId);
    expect(runIdsOf(await list('runId=trail'))).toEqual(['trail']);
  });

  it.each([
    ['empty', ''],
    ['65 characters', 'x'.repeat(65)],
    ['a slash', 'a/b'],
    ['a NUL', 'a\u0000b'],
    ['a number', 7],
  ])('refuses %s with 400', async (_what, runId) => {
    expect(await post(JSON.stringify({ runId, seq: 1 }))).toMatchObject(invalidRunId);
  });

  it('accepts every character of the set, 64 long', async () => {
    const runId = 'Az09._:-'.repeat(8);

    expect(await post(JSON.stringify({ runId, seq: 1 }))).toMatchObject({ statusCode: 201, json: { runId } });
    expect(runIdsOf(await list(`runId=${runId}`))).toEqual([runId]);
  });

  it('refuses invalid UTF-8 bytes with 400 and stores nothing, whether the body arrives as text or base64', async () => {
    const before = await fixture().server.rootQuery('SELECT COUNT(*) AS n FROM app.heartbeats');
    const body = Buffer.concat([Buffer.from('{"runId":"bad'), Buffer.from([0xff, 0xfe]), Buffer.from('","seq":1}')]);

    // A JSON body reaches the handler as a string, the bad bytes already U+FFFD: outside the set.
    const asText = await post(body);
    // Any other content type arrives base64-encoded, and the handler decodes it strictly.
    const asBase64 = await post(body, 'application/octet-stream');

    expect(asText).toMatchObject(invalidRunId);
    expect(asBase64).toMatchObject({
      statusCode: 400,
      json: { error: { code: 'INVALID_JSON', message: 'The body is not valid UTF-8' } },
    });
    expect(await fixture().server.rootQuery('SELECT COUNT(*) AS n FROM app.heartbeats')).toEqual(before);
  });
});
