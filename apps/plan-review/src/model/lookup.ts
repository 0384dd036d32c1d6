import { isProductionName } from '../config/review-config';
import type { Resource, ReviewModel } from './types';
import { asList, isExpression, refersTo, resourceReferencesIn } from './values';

/** Resources that take part in the stack after this change (deleted ones are only listed, never checked). */
export function liveResources(model: ReviewModel, ...types: string[]): Resource[] {
  return model.resources.filter((resource) => resource.action !== 'delete' && types.includes(resource.type));
}

/**
 * The resources of the given types that a value refers to: through `${type.name...}` (an instance of a `count` or
 * `for_each` resource too, `${type.name[0]...}`: see `refersTo`), or, where the plan already resolved the reference
 * (names set in code are known at plan time), by the literal name, id or ARN.
 */
export function referencedResources(model: ReviewModel, value: unknown, ...types: string[]): Resource[] {
  const references = resourceReferencesIn(value);
  const literals = new Set(asList(value).filter((item) => typeof item === 'string' && !isExpression(item)));
  const identifiers = (resource: Resource) => ['name', 'id', 'arn', 'identifier'].map((key) => resource.values[key]);
  return model.resources.filter(
    (resource) =>
      types.includes(resource.type) &&
      (references.some((reference) => refersTo(reference, resource.address)) ||
        identifiers(resource).some((identifier) => literals.has(identifier))),
  );
}

/** The live resources of `type` whose `attribute` refers to `target`. */
export function resourcesReferring(model: ReviewModel, type: string, attribute: string, target: Resource): Resource[] {
  return liveResources(model, type).filter((resource) =>
    referencedResources(model, resource.values[attribute], target.type).includes(target),
  );
}

export function isProduction(model: ReviewModel): boolean {
  return isProductionName(model.environment);
}

/** What a reviewer calls a resource: its construct path, or its address when there is none. */
export function label(resource: Resource): string {
  return resource.constructPath || resource.address;
}
