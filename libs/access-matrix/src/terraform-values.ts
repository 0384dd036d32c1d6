import { createHash } from 'node:crypto';

/**
 * Concrete values for a synthesized Terraform configuration (cdk.tf.json), so that policies with Terraform
 * references in them can be evaluated as AWS would see them once applied.
 *
 * A reference to an attribute the configuration sets (`aws_iam_role.x.name`) resolves to that value; an attribute
 * AWS computes (an ARN, an id) resolves to a value in the documented ARN format of its resource type, built from the
 * resource's own configured name where the ARN contains it, or from a stable hash of its address where AWS
 * generates it (a key id, a subnet id). Anything else is not guessed: it throws `UnresolvedValueError`, so a policy
 * the matrix cannot read fails the check instead of passing it.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TerraformJson = Record<string, any>;

export class UnresolvedValueError extends Error {
  override readonly name = 'UnresolvedValueError';
}

export interface Placement {
  readonly region: string;
  readonly accountId: string;
  /** Tells stacks apart: ids AWS generates differ between two stacks with the same addresses. @default '' */
  readonly stack?: string;
}

type Value = string | number | boolean | Value[] | { [key: string]: Value } | null;

/** A stable fake id for what AWS generates: the same address always gets the same id. */
function generatedId(address: string, length: number, alphabet = '0123456789abcdef'): string {
  const digest = createHash('sha256').update(address).digest();
  return Array.from(digest.subarray(0, length), (byte) => alphabet[byte % alphabet.length]).join('');
}

function uuidFor(address: string): string {
  const hex = generatedId(address, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Secrets Manager appends a hyphen and six random characters to a secret's name in its ARN. */
const SECRET_SUFFIX = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Computed attributes by resource type, each from the resource's configuration (`c`), its address and placement.
 * Formats: the Service Authorization Reference's resource types for each service
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 */
const COMPUTED: Record<string, Record<string, (c: TerraformJson, p: Placement & { address: string }) => Value>> = {
  aws_kms_key: {
    key_id: (_c, p) => uuidFor(p.address),
    arn: (_c, p) => `arn:aws:kms:${p.region}:${p.accountId}:key/${uuidFor(p.address)}`,
    id: (_c, p) => uuidFor(p.address),
  },
  aws_kms_alias: { arn: (c, p) => `arn:aws:kms:${p.region}:${p.accountId}:${c.name}` },
  aws_secretsmanager_secret: {
    arn: (c, p) =>
      `arn:aws:secretsmanager:${p.region}:${p.accountId}:secret:${c.name}-${generatedId(p.address, 6, SECRET_SUFFIX)}`,
    id: (c, p) => COMPUTED.aws_secretsmanager_secret.arn(c, p),
  },
  aws_db_instance: {
    arn: (c, p) => `arn:aws:rds:${p.region}:${p.accountId}:db:${c.identifier}`,
    // Since provider 5.0 an instance's `id` is its DBI resource id, not its identifier (v5 upgrade guide).
    id: (c, p) => COMPUTED.aws_db_instance.resource_id(c, p),
    resource_id: (_c, p) => `db-${generatedId(p.address, 26, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    address: (c, p) =>
      `${c.identifier}.${generatedId(p.address, 12, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${p.region}.rds.amazonaws.com`,
    port: (c) => c.port ?? 3306,
    // RDS names the secret it manages `rds!db-<uuid>`: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html
    master_user_secret: (_c, p) => [
      {
        secret_arn: `arn:aws:secretsmanager:${p.region}:${p.accountId}:secret:rds!db-${uuidFor(p.address)}-${generatedId(p.address, 6, SECRET_SUFFIX)}`,
      },
    ],
  },
  aws_db_proxy: {
    arn: (_c, p) => `arn:aws:rds:${p.region}:${p.accountId}:db-proxy:prx-${generatedId(p.address, 17)}`,
    endpoint: (c, p) =>
      `${c.name}.proxy-${generatedId(p.address, 12, 'abcdefghijklmnopqrstuvwxyz0123456789')}.${p.region}.rds.amazonaws.com`,
  },
  aws_iam_role: {
    arn: (c, p) =>
      `arn:aws:iam::${p.accountId}:role/${c.path && c.path !== '/' ? c.path.replace(/^\/|\/$/g, '') + '/' : ''}${c.name}`,
    id: (c) => c.name,
    unique_id: (_c, p) => `AROA${generatedId(p.address, 17, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
  },
  aws_cloudwatch_log_group: {
    arn: (c, p) => `arn:aws:logs:${p.region}:${p.accountId}:log-group:${c.name}`,
    id: (c) => c.name,
  },
  aws_lambda_function: {
    arn: (c, p) => `arn:aws:lambda:${p.region}:${p.accountId}:function:${c.function_name}`,
    invoke_arn: (c, p) =>
      `arn:aws:apigateway:${p.region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${p.region}:${p.accountId}:function:${c.function_name}/invocations`,
    qualified_arn: (c, p) => `arn:aws:lambda:${p.region}:${p.accountId}:function:${c.function_name}:$LATEST`,
  },
  aws_vpc: { id: (_c, p) => `vpc-${generatedId(p.address, 17)}` },
  aws_subnet: { id: (_c, p) => `subnet-${generatedId(p.address, 17)}` },
  aws_security_group: { id: (_c, p) => `sg-${generatedId(p.address, 17)}` },
  aws_route_table: { id: (_c, p) => `rtb-${generatedId(p.address, 17)}` },
  aws_vpc_endpoint: { id: (_c, p) => `vpce-${generatedId(p.address, 17)}` },
  aws_sns_topic: {
    arn: (c, p) => `arn:aws:sns:${p.region}:${p.accountId}:${c.name}`,
    id: (c, p) => `arn:aws:sns:${p.region}:${p.accountId}:${c.name}`,
  },
  aws_sqs_queue: {
    arn: (c, p) => `arn:aws:sqs:${p.region}:${p.accountId}:${c.name}`,
    url: (c, p) => `https://sqs.${p.region}.amazonaws.com/${p.accountId}/${c.name}`,
    id: (c, p) => `https://sqs.${p.region}.amazonaws.com/${p.accountId}/${c.name}`,
  },
  aws_apigatewayv2_api: {
    id: (_c, p) => generatedId(p.address, 10, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    execution_arn: (_c, p) =>
      `arn:aws:execute-api:${p.region}:${p.accountId}:${generatedId(p.address, 10, 'abcdefghijklmnopqrstuvwxyz0123456789')}`,
  },
  aws_cloudwatch_event_rule: { arn: (c, p) => `arn:aws:events:${p.region}:${p.accountId}:rule/${c.name}` },
  aws_cloudwatch_metric_alarm: {
    arn: (c, p) => `arn:aws:cloudwatch:${p.region}:${p.accountId}:alarm:${c.alarm_name}`,
  },
  aws_flow_log: {
    id: (_c, p) => `fl-${generatedId(p.address, 17)}`,
    arn: (_c, p) => `arn:aws:ec2:${p.region}:${p.accountId}:vpc-flow-log/fl-${generatedId(p.address, 17)}`,
  },
  aws_fis_experiment_template: {
    id: (_c, p) => `EXT${generatedId(p.address, 14, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}`,
  },
};

/**
 * Resolves `${…}` expressions of one synthesized stack. Supports what policies here contain: resource attribute
 * references (with `[0].x` indexing), `local.<name>`, string literals, list literals, and the functions `split`,
 * `element` and `join`.
 */
export class TerraformValues {
  private readonly resolving = new Set<string>();

  constructor(
    readonly json: TerraformJson,
    readonly placement: Placement,
  ) {}

  /** Every resource of a type, by name, as configured (unresolved). */
  resources(type: string): Record<string, TerraformJson> {
    return this.json.resource?.[type] ?? {};
  }

  /** A value with every `${…}` in it (recursively) replaced by a concrete value. */
  resolve(value: unknown): Value {
    if (typeof value === 'string') return this.resolveString(value);
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([key]) => key !== '//')
          .map(([key, item]) => [key, this.resolve(item)]),
      );
    }
    return value as Value;
  }

  /**
   * A resource's configuration whose attributes resolve when read: an attribute the caller never reads (a
   * `filebase64sha256` of an asset, a `jsonencode` payload) is never evaluated.
   */
  lazy(config: TerraformJson): TerraformJson {
    const cache = new Map<string | symbol, Value>();
    return new Proxy(config, {
      get: (target, property) => {
        if (typeof property !== 'string' || property === '//') return undefined;
        if (!cache.has(property)) cache.set(property, this.resolve(target[property]));
        return cache.get(property);
      },
    });
  }

  /** A resource attribute as AWS will know it, e.g. `attribute('aws_iam_role', 'x', 'arn')`. */
  attribute(type: string, name: string, attribute: string): Value {
    const config = this.resources(type)[name];
    if (!config) throw new UnresolvedValueError(`${type}.${name} is not a resource of this stack`);
    const address = `${type}.${name}`;
    if (this.resolving.has(address)) throw new UnresolvedValueError(`${address} refers to itself`);
    this.resolving.add(address);
    try {
      const resolvedConfig = this.lazy(config);
      const computed = COMPUTED[type]?.[attribute];
      if (computed) {
        const value = computed(resolvedConfig, {
          ...this.placement,
          address: `${this.placement.stack ?? ''}/${address}`,
        });
        // A format built from an attribute the configuration leaves out (a name_prefix instead of a name) is not
        // guessed at.
        if (JSON.stringify(value).includes('undefined')) {
          throw new UnresolvedValueError(
            `${address}.${attribute} depends on an attribute the configuration does not set`,
          );
        }
        return value;
      }
      if (attribute in config) return resolvedConfig[attribute];
      throw new UnresolvedValueError(
        `${address}.${attribute} is computed by AWS and the access matrix does not know its format: add it to COMPUTED in terraform-values.ts`,
      );
    } finally {
      this.resolving.delete(address);
    }
  }

  private resolveString(text: string): Value {
    const whole = /^\$\{(.*)\}$/s.exec(text);
    if (whole && findClosing(text, 1) === text.length - 1) return this.evaluate(whole[1].trim());
    let result = '';
    let index = 0;
    while (index < text.length) {
      const start = text.indexOf('${', index);
      if (start < 0) {
        result += text.slice(index);
        break;
      }
      result += text.slice(index, start);
      const end = findClosing(text, start + 1);
      const value = this.evaluate(text.slice(start + 2, end).trim());
      if (typeof value === 'object' && value !== null) {
        throw new UnresolvedValueError(`\${${text.slice(start + 2, end)}} is not a string inside "${text}"`);
      }
      result += String(value);
      index = end + 1;
    }
    return result;
  }

  /** A Terraform expression of the small grammar above. */
  private evaluate(expression: string): Value {
    const parser = new ExpressionParser(expression, (path) => this.reference(path));
    return parser.parse();
  }

  private reference(path: string): Value {
    const [head, ...rest] = path.split('.');
    if (head === 'local') {
      const name = rest[0];
      const local = this.json.locals?.[name];
      if (local === undefined) throw new UnresolvedValueError(`local.${name} is not defined`);
      return this.resolve(local);
    }
    if (head === 'var' || head === 'data') {
      throw new UnresolvedValueError(`${path}: the access matrix does not resolve ${head} references (fail closed)`);
    }
    // aws_x.name.attr[0].sub
    const match = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_0-9]+)((?:\[\d+\]|\["\d+"\]|\.[a-z_0-9]+)*)$/.exec(path);
    if (!match) throw new UnresolvedValueError(`cannot resolve the reference ${path}`);
    let value = this.attribute(match[1], match[2], match[3]);
    for (const step of match[4].match(/\[\d+\]|\["\d+"\]|\.[a-z_0-9]+/g) ?? []) {
      // `[0]` and `["0"]` (how some CDKTF versions write a list index) name the same element.
      const key = step.startsWith('[') ? Number(step.slice(1, -1).replace(/"/g, '')) : step.slice(1);
      value = (value as Record<string | number, Value> | null)?.[key] ?? null;
      if (value === null) throw new UnresolvedValueError(`${path} has no ${step}`);
    }
    return value;
  }
}

function findClosing(text: string, openBrace: number): number {
  let depth = 0;
  let inString = false;
  for (let i = openBrace; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new UnresolvedValueError(`unbalanced \${…} in "${text}"`);
}

/** A recursive-descent parser for references, literals, lists and split/element/join calls. */
class ExpressionParser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly reference: (path: string) => Value,
  ) {}

  parse(): Value {
    const value = this.value();
    this.skipSpace();
    if (this.position !== this.text.length) this.fail('unexpected text');
    return value;
  }

  private value(): Value {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '"') return this.stringLiteral();
    if (char === '[') return this.list();
    if (/\d/.test(char ?? '')) return this.number();
    const name = this.identifierPath();
    this.skipSpace();
    if (this.text[this.position] === '(') return this.call(name);
    return this.reference(name);
  }

  private stringLiteral(): string {
    let result = '';
    this.position += 1;
    while (this.position < this.text.length && this.text[this.position] !== '"') {
      if (this.text[this.position] === '\\') this.position += 1;
      result += this.text[this.position];
      this.position += 1;
    }
    if (this.text[this.position] !== '"') this.fail('unterminated string');
    this.position += 1;
    return result;
  }

  private number(): number {
    const match = /^\d+/.exec(this.text.slice(this.position))!;
    this.position += match[0].length;
    return Number(match[0]);
  }

  private list(): Value[] {
    this.position += 1;
    const items: Value[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ']') {
        this.position += 1;
        return items;
      }
      items.push(this.value());
      this.skipSpace();
      if (this.text[this.position] === ',') this.position += 1;
    }
  }

  private identifierPath(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+|\[\d+\]|\["\d+"\])*/.exec(
      this.text.slice(this.position),
    );
    if (!match) this.fail('expected a reference or a function');
    this.position += match![0].length;
    return match![0];
  }

  private call(name: string): Value {
    this.position += 1;
    const args: Value[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ')') {
        this.position += 1;
        break;
      }
      args.push(this.value());
      this.skipSpace();
      if (this.text[this.position] === ',') this.position += 1;
    }
    switch (name) {
      case 'split':
        return String(args[1]).split(String(args[0]));
      case 'element': {
        const list = args[0] as Value[];
        return list[(args[1] as number) % list.length];
      }
      case 'join':
        return (args[1] as Value[]).map(String).join(String(args[0]));
      default:
        throw new UnresolvedValueError(`${name}(…) is not a function the access matrix evaluates (fail closed)`);
    }
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position += 1;
  }

  private fail(problem: string): never {
    throw new UnresolvedValueError(`${problem} at ${this.position} in \${${this.text}}`);
  }
}
