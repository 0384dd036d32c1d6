import { label, liveResources, referencedResources } from '../model/lookup';
import { groupMembers, portLabel, securityGroupRules } from '../model/security-groups';
import type { Resource, ReviewModel } from '../model/types';
import { blocksAt, valueAt } from '../model/values';

const SHAPES: Record<string, { kind: string; open: string; close: string }> = {
  aws_apigatewayv2_api: { kind: 'HTTP API', open: '([', close: '])' },
  aws_lambda_function: { kind: 'Lambda', open: '[', close: ']' },
  aws_db_proxy: { kind: 'RDS Proxy', open: '[', close: ']' },
  aws_db_instance: { kind: 'RDS', open: '[(', close: ')]' },
  aws_vpc_endpoint: { kind: 'VPC endpoint', open: '{{', close: '}}' },
  aws_secretsmanager_secret: { kind: 'Secret', open: '[/', close: '/]' },
};

interface Edge {
  readonly from: Resource;
  readonly to: Resource;
  readonly text: string;
  readonly dotted?: boolean;
}

/**
 * A Mermaid flowchart of the request and credential paths, built from the resources themselves: API -> Lambda from
 * the integrations, network edges from security group ingress rules (labelled port + source group), the proxy's auth
 * secrets, and the rotation schedule.
 */
export function mermaidDiagram(model: ReviewModel): string {
  const edges = [...integrationEdges(model), ...securityGroupEdges(model), ...secretEdges(model)];
  const nodes = liveResources(model, ...Object.keys(SHAPES));
  const lines = ['flowchart LR', ...nodes.map(nodeLine)];
  const seen = new Set<string>();
  for (const edge of edges) {
    const line = `  ${nodeId(edge.from)} ${edge.dotted ? '-.->' : '-->'}|"${escape(edge.text)}"| ${nodeId(edge.to)}`;
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  return lines.join('\n');
}

function integrationEdges(model: ReviewModel): Edge[] {
  return liveResources(model, 'aws_apigatewayv2_integration').flatMap((integration) => {
    const apis = referencedResources(model, integration.values['api_id'], 'aws_apigatewayv2_api');
    const functions = referencedResources(model, integration.values['integration_uri'], 'aws_lambda_function');
    const text = String(integration.values['integration_type'] ?? 'integration');
    return apis.flatMap((from) => functions.map((to) => ({ from, to, text })));
  });
}

function securityGroupEdges(model: ReviewModel): Edge[] {
  const members = groupMembers(model);
  const groupName = (group: string) => {
    const [resource] = model.resources.filter((candidate) => candidate.address === group);
    return resource ? String(resource.values['name'] ?? label(resource)) : group;
  };
  return securityGroupRules(model)
    .filter((rule) => rule.direction === 'ingress')
    .flatMap((rule) =>
      rule.peerGroups.flatMap((peer) =>
        (members.get(peer) ?? []).flatMap((from) =>
          (members.get(rule.group) ?? []).map((to) => ({
            from,
            to,
            text: `${portLabel(rule)} from ${groupName(peer)}`,
          })),
        ),
      ),
    );
}

function secretEdges(model: ReviewModel): Edge[] {
  const auth = liveResources(model, 'aws_db_proxy').flatMap((proxy) =>
    blocksAt(proxy.values, 'auth').flatMap((block) =>
      referencedResources(model, block['secret_arn'], 'aws_secretsmanager_secret').map((to) => ({
        from: proxy,
        to,
        text: 'auth secret',
        dotted: true,
      })),
    ),
  );
  const rotation = liveResources(model, 'aws_secretsmanager_secret_rotation').flatMap((schedule) => {
    const days = valueAt(schedule.values, 'rotation_rules.automatically_after_days');
    const secrets = referencedResources(model, schedule.values['secret_id'], 'aws_secretsmanager_secret');
    const functions = referencedResources(model, schedule.values['rotation_lambda_arn'], 'aws_lambda_function');
    const text = days === undefined ? 'rotation' : `rotation every ${String(days)} days`;
    return secrets.flatMap((from) => functions.map((to) => ({ from, to, text, dotted: true })));
  });
  const endpoints = liveResources(model, 'aws_vpc_endpoint').filter((endpoint) =>
    String(endpoint.values['service_name']).endsWith('.secretsmanager'),
  );
  const api = endpoints.flatMap((from) =>
    liveResources(model, 'aws_secretsmanager_secret').map((to) => ({
      from,
      to,
      text: 'Secrets Manager API (private DNS)',
      dotted: true,
    })),
  );
  return [...auth, ...rotation, ...api];
}

function nodeLine(resource: Resource): string {
  const shape = SHAPES[resource.type] ?? { kind: resource.type, open: '[', close: ']' };
  return `  ${nodeId(resource)}${shape.open}"${escape(`${shape.kind}<br/>${label(resource)}`)}"${shape.close}`;
}

/** Construct paths are unique within a stack, so they make readable node ids: `database-proxy/proxy` -> `database_proxy_proxy`. */
function nodeId(resource: Resource): string {
  return label(resource).replace(/[^A-Za-z0-9]+/g, '_');
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;');
}
