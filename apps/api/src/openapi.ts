import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { defaultMetadataStorage } from './shared/http/validation';

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
    // The names @Allow(...) refers to: every protected route accepts either.
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key issued by POST /api-keys' }, 'api-key')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A JWT of the company's identity provider" }, 'bearer')
    .build();
  const document = withValidationRules(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
};
