import { review } from '../review';
import { fixturePlan, fixtureSynth, planModel, synthModel, synthResource } from '../testing/fixtures';
import { mermaidDiagram } from './diagram';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';

describe('the Markdown report', () => {
  it('GIVEN a plan replacing the DB instance THEN the replacement comes first, in bold, before the policy table', () => {
    const plan = fixturePlan();
    const database = plan.resource_changes.find((change: { type: string }) => change.type === 'aws_db_instance');
    Object.assign(database.change, { actions: ['delete', 'create'], replace_paths: [['kms_key_id']] });
    const model = planModel(plan, fixtureSynth());
    const markdown = renderMarkdown({ model, review: review(model) });
    const stateful = markdown.indexOf('### Stateful resources deleted or replaced');
    expect(stateful).toBeGreaterThan(0);
    expect(stateful).toBeLessThan(markdown.indexOf('### Policy checks'));
    expect(markdown).toContain(
      '- **REPLACE `aws_db_instance.database_instance_D7FC2283` (database/instance), forced by `kms_key_id`**',
    );
  });

  it('groups the inventory by construct with counts per action', () => {
    const model = planModel(fixturePlan(), fixtureSynth());
    const markdown = renderMarkdown({ model, review: review(model) });
    expect(markdown).toContain('| Construct | create | update | replace | delete |');
    expect(markdown).toContain('| security-groups | 17 | 0 | 0 | 0 |');
  });

  it('lists suppressions with their reasons and embeds the diagram', () => {
    const model = synthModel(fixtureSynth());
    const markdown = renderMarkdown({ model, review: review(model) });
    expect(markdown).toContain('| http-api/route | `CKV_AWS_309` | public read-only endpoint by design |');
    expect(markdown).toContain('```mermaid\nflowchart LR');
  });
});

describe('the Markdown report a person reads', () => {
  it('shows a row only for failing and suppressed rules; passing ones collapse to a count, n/a ones are counted apart', () => {
    const synth = fixtureSynth();
    const model = synthModel(synth);
    const result = review(model);
    const markdown = renderMarkdown({ model, review: result });
    const table = markdown.slice(markdown.indexOf('### Policy checks'), markdown.indexOf('<details>'));
    const passing = result.results.filter((rule) => rule.status === 'pass');
    const notApplicable = result.results.filter((rule) => rule.status === 'not-applicable');
    expect(passing.length).toBeGreaterThan(10);
    for (const rule of passing) expect(table).not.toContain(`\`${rule.rule.id}\``);
    expect(markdown).toContain(
      `<details><summary>${passing.length} rules pass; ${notApplicable.length} do not apply</summary>`,
    );
    expect(markdown).toMatch(new RegExp(`; ${notApplicable.length} do not apply \\(nothing of their kind here\\)`));
  });

  it('lists failures and failing rules most severe first, each with its severity', () => {
    const synth = fixtureSynth();
    const database = synthResource(synth, 'aws_db_instance');
    // The registry lists rds-encrypted-with-cmk (high) before rds-not-public (critical).
    Object.assign(database, { storage_encrypted: false, publicly_accessible: true });
    const model = synthModel(synth);
    const markdown = renderMarkdown({ model, review: review(model) });
    const critical = markdown.indexOf('- **rds-not-public** (critical): ');
    const high = markdown.indexOf('- **rds-encrypted-with-cmk** (high): ');
    expect(critical).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(critical);
    expect(markdown.indexOf('| `rds-not-public` | critical |')).toBeLessThan(
      markdown.indexOf('| `rds-encrypted-with-cmk` | high |'),
    );
  });

  it('says that a plan made without state shows every resource as new, instead of counting creates', () => {
    const plan = fixturePlan();
    for (const change of plan.resource_changes) Object.assign(change.change, { actions: ['create'], before: null });
    const model = planModel(plan, fixtureSynth());
    const markdown = renderMarkdown({ model, review: review(model) });
    expect(markdown).toContain('all shown as new: the plan was made without state');
    expect(markdown).not.toMatch(/resources: \d+ create/);
  });

  it('shows a suppression declared in code and listed in the reviewed file once, with the reviewed reason', () => {
    const model = synthModel(fixtureSynth());
    const reviewedSuppressions = [
      { rule: 'CKV_AWS_309', resource: 'http-api/route', reason: 'reviewed: public read-only endpoint' },
    ];
    const markdown = renderMarkdown({ model, review: review(model, { reviewedSuppressions }) });
    const rows = markdown.split('\n').filter((line) => line.startsWith('| http-api/route | `CKV_AWS_309`'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('reviewed: public read-only endpoint');
  });
});

describe('the Mermaid diagram', () => {
  const diagram = mermaidDiagram(planModel(fixturePlan(), fixtureSynth()));
  const edge = (from: string, label: string, to: string) =>
    new RegExp(`^  ${from} -(->|\\.->)\\|"${label}"\\| ${to}$`, 'm');

  it('draws API -> Lambda -> proxy -> DB with the security group rules on the edges', () => {
    expect(diagram).toMatch(edge('http_api_api', 'AWS_PROXY', 'api_function_function'));
    expect(diagram).toMatch(edge('api_function_function', 'tcp/3306 from rds-platform-dev-lambda', 'proxy_proxy'));
    expect(diagram).toMatch(edge('proxy_proxy', 'tcp/3306 from rds-platform-dev-proxy', 'database_instance'));
  });

  it('draws the endpoint and the rotation path', () => {
    expect(diagram).toMatch(
      edge('credentials_function', 'tcp/443 from rds-platform-dev-rotation', 'secrets_manager_endpoint'),
    );
    expect(diagram).toMatch(
      edge('credentials_function', 'tcp/3306 from rds-platform-dev-rotation', 'database_instance'),
    );
    expect(diagram).toMatch(edge('app_secret', 'rotation every 30 days', 'credentials_function'));
  });
});

describe('the JSON report', () => {
  it('carries the verdict, every rule with its ids, and the inventory', () => {
    const model = synthModel(fixtureSynth());
    const report = JSON.parse(renderJson({ model, review: review(model) }));
    expect(report).toMatchObject({ stack: 'dev', input: 'synth', passed: true });
    expect(report.rules).toContainEqual(
      expect.objectContaining({
        rule: expect.objectContaining({
          id: 'rds-encrypted-with-cmk',
          severity: 'high',
          peers: { checkov: ['CKV_AWS_16'], trivy: ['AWS-0080'] },
        }),
      }),
    );
    expect(report.inventory.totals).toEqual({ planned: 70 });
  });
});
