import { review } from '../review';
import { fixturePlan, fixtureSynth, planModel, synthModel } from '../testing/fixtures';
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
        rule: expect.objectContaining({ id: 'rds-encrypted-with-cmk', checkovId: 'CKV_AWS_16', trivyId: 'AWS-0080' }),
      }),
    );
    expect(report.inventory.totals).toEqual({ planned: 67 });
  });
});
