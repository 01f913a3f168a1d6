import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** The URL's host as the target rules compare it: lower case, without IPv6 brackets or a trailing dot. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();

/**
 * What a webhook URL must be whatever its host resolves to: http or https, with a host, and no
 * credentials (a password in the URL would be shown in every listing; the signature authenticates
 * deliveries). Parsed by the WHATWG parser, as the sender does. Returns the reason to refuse, or null.
 */
export const webhookUrlProblem = (value: string): string | null => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url must be an http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'url must be an http or https URL';
  if (url.username || url.password) return 'url must not hold credentials (user:password@); deliveries are authenticated by their signature';
  if (!hostOf(url)) return 'url must name a host';
  return null;
};

/** A webhook URL as webhookUrlProblem accepts it. Where it points is checked by the API, which knows the allow-list. */
export function IsWebhookUrl(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isWebhookUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => (typeof args.value === 'string' && webhookUrlProblem(args.value)) || 'url must be an http or https URL', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && webhookUrlProblem(value) === null },
    });
}
