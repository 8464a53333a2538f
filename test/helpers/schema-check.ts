/**
 * Checks a value against the subset of JSON Schema that Lookout's documents use (type, enum,
 * const, properties, required, items, additionalProperties, propertyNames, oneOf, anyOf, $ref,
 * pattern, minimum, maximum, minItems, format date-time), so that tests can hold real answers
 * and files to the published OpenAPI document and monitors.schema.json. An object whose schema
 * lists its properties may have no others: an undocumented field is a finding.
 */
type Schema = Record<string, any>;

export function schemaErrors(value: unknown, schema: Schema, root: Schema, at = '$'): string[] {
  if (schema.$ref) return schemaErrors(value, resolve(root, schema.$ref), root, at);
  if (schema.oneOf) {
    const matching = (schema.oneOf as Schema[]).filter((option) => schemaErrors(value, option, root, at).length === 0);
    return matching.length === 1 ? [] : [`${at}: matches ${matching.length} of oneOf`];
  }
  const errors: string[] = [];
  if (schema.anyOf && !(schema.anyOf as Schema[]).some((option) => schemaErrors(value, option, root, at).length === 0)) errors.push(`${at}: matches none of anyOf`);
  if ('const' in schema && value !== schema.const) errors.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${at}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  if (typeof value === 'number' && ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum))) errors.push(`${at}: ${value} out of range`);
  if (Array.isArray(value) && schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (schema.type) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => isType(value, type))) return [...errors, `${at}: ${JSON.stringify(value)} is not ${types.join(' or ')}`];
  }
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) errors.push(`${at}: not a date-time`);
  if (Array.isArray(value) && schema.items) value.forEach((item, index) => errors.push(...schemaErrors(item, schema.items, root, `${at}[${index}]`)));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in object)) errors.push(`${at}.${name}: required`);
    for (const [name, item] of Object.entries(object)) {
      if (schema.propertyNames) errors.push(...schemaErrors(name, schema.propertyNames, root, `${at}[${JSON.stringify(name)}]`));
      const property = schema.properties?.[name] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (property) errors.push(...schemaErrors(item, property, root, `${at}.${name}`));
      else if (schema.properties && schema.additionalProperties !== true) errors.push(`${at}.${name}: not in the document`);
    }
  }
  return errors;
}

function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'array': return Array.isArray(value);
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value);
    default: return typeof value === type;
  }
}

function resolve(root: Schema, ref: string): Schema {
  return ref.replace(/^#\//, '').split('/').reduce((node: Schema, key) => node[key], root);
}
