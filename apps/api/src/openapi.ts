import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

// class-transformer keeps its metadata storage out of its public typings; the schemas need it for nested types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

type Schema = { properties?: Record<string, object>; required?: string[] } & Record<string, unknown>;

/**
 * The validation decorators are the single source of truth for request shapes: their JSON Schema
 * (limits, enums, patterns, required fields) is merged into the schemas Swagger derives from the
 * DTO classes, so the published contract is exactly what the API enforces.
 */
const withValidationRules = (document: OpenAPIObject): OpenAPIObject => {
  const rules = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/', classTransformerMetadataStorage: defaultMetadataStorage }) as Record<string, Schema>;
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, rule] of Object.entries(rules)) {
    const documented = schemas[name];
    if (!documented) {
      schemas[name] = rule;
      continue;
    }
    const properties: Record<string, object> = { ...(rule.properties ?? {}) };
    // Where both speak, the rule wins: Swagger guesses `number` for an @IsInt and `object` for a `string | null`.
    for (const [key, value] of Object.entries(documented.properties ?? {})) properties[key] = { ...value, ...(properties[key] ?? {}) };
    schemas[name] = { ...rule, ...documented, properties, required: [...new Set([...(rule.required ?? []), ...(documented.required ?? [])])] };
  }
  return { ...document, components: { ...document.components, schemas } };
};

export const setupOpenApi = (app: INestApplication): void => {
  const config = new DocumentBuilder()
    .setTitle('Lead-to-customer API')
    .setDescription(
      'Event-sourced leads, funnel, customer file, complaints and satisfaction. Every change is an immutable event; ' +
        'every command answers `{ id, revision, position }`. Errors are `application/problem+json`.',
    )
    .setVersion('1')
    .build();
  const document = withValidationRules(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
};
