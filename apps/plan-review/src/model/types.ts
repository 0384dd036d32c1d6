import type { AccessAnalysis } from './access';
/** What Terraform will do to a resource; `planned` when the input is a synth (no plan, so no action known). */
export type Action = 'create' | 'update' | 'delete' | 'replace' | 'no-op' | 'read' | 'planned';

/** A rule the code owner has accepted for one resource, with the reason a reviewer reads. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
  /** `YYYY-MM-DD`: the last day it counts. */
  readonly expires?: string;
}

/**
 * An entry of the reviewed suppression file (`review-suppressions.json`, under CODEOWNERS): unlike a suppression
 * declared in code, a change cannot add one without the owners' approval.
 */
export interface ReviewedSuppression extends Suppression {
  /** A resource address (`aws_db_instance.database_instance_D7FC2283`) or construct path (`database/instance`). */
  readonly resource: string;
  /** The stack it applies to; every stack when absent. */
  readonly stack?: string;
}

/** A suppression entry that does not have the required shape (no rule id or no reason). */
export interface InvalidSuppression {
  readonly entry: unknown;
  readonly problem: string;
}

export interface Resource {
  /** `aws_db_instance.database_instance_D7FC2283` */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** CDKTF construct path without the stack prefix (`database/instance`), or a guess from the name. */
  readonly constructPath: string;
  readonly action: Action;
  /**
   * Attribute values. From a plan: the planned values, with attributes unknown until apply filled in from the
   * configuration expression (so references stay visible as `${type.name.attr}`). From a synth: the raw JSON.
   */
  readonly values: Record<string, unknown>;
  /**
   * Plans only: the attributes as the configuration writes them (literals as written, references as `${…}`). Plan
   * JSON keeps these in its `configuration` section even where the planned value is null (write-only `*_wo`).
   */
  readonly configured?: Record<string, unknown>;
  /** Values before the change (plans only; undefined for creates and synths). */
  readonly before?: Record<string, unknown>;
  /** Plans only: attribute paths Terraform marks sensitive before or after the change (`password`, `environment.0`). */
  readonly sensitivePaths?: readonly string[];
  /** Plans only: the attribute paths that force a replacement (`engine`, `kms_key_id`). */
  readonly replacedBecause?: readonly string[];
  readonly suppressions: readonly Suppression[];
  readonly invalidSuppressions: readonly InvalidSuppression[];
}

export interface Backend {
  readonly type: string;
  readonly config: Record<string, unknown>;
}

export type InputKind = 'plan' | 'synth';

/**
 * A block of the configuration that is not a managed resource: a provider, an output, a variable (its default), the
 * locals, a data source, a module call. Shaped like a resource (address, values) so rules can report on it.
 */
export interface ConfigurationBlock {
  readonly kind: 'provider' | 'output' | 'variable' | 'locals' | 'data' | 'module';
  /** `provider.aws`, `output.url`, `variable.db_password`, `locals`, `data.aws_kms_alias.rds`, `module.vpc` */
  readonly address: string;
  /** The data source type (`aws_kms_alias`) or provider name (`aws`); the kind otherwise. */
  readonly type: string;
  /** The block's attributes as written (an output's `value`, a variable's `default`, a data source's arguments). */
  readonly values: Record<string, unknown>;
}

export interface ReviewModel {
  readonly kind: InputKind;
  readonly stackName: string | undefined;
  /** `prod` turns on the production-only rules (Multi-AZ, deletion protection, backups >= 7 days). */
  readonly environment: string | undefined;
  readonly resources: readonly Resource[];
  /**
   * The stack's own accounts: its AWS providers' `allowed_account_ids` (the provider refuses to plan or apply in any
   * other). Policies may name them like their own; empty when no provider pins an account.
   */
  readonly accountIds: readonly string[];
  /**
   * Input variables the configuration declares, by name: an ephemeral one is kept out of the plan and state, any other
   * one's value is in the plan's `variables`. Undefined when the input does not say.
   */
  readonly variables?: Readonly<Record<string, { readonly ephemeral: boolean }>>;
  /** Undefined when the input says nothing about the backend (a plan without its synth). */
  readonly backend: Backend | undefined;
  /** Providers, outputs, variables, locals, data sources and module calls; undefined when the input has none. */
  readonly blocks?: readonly ConfigurationBlock[];
  /** The access matrix of the stack, when the review had its synth and ran it (model/access.ts). */
  readonly access?: AccessAnalysis;
}
