// Parameters of the __Name__ job (zod): where the API is and its token (a secret), and the MongoDB inventory's parameters.
import { mongoInventoryParameters } from '@ssot/inventory';
import { z } from 'zod';

/** Parameters of the __Name__ job. */
export const __name_camel__Parameters = z.object({
  /** Base URL of the __Name__ API. */
  baseUrl: z.string().url().default('http://127.0.0.1:8080/api').describe('base URL of the __Name__ API'),
  /** API token of __Name__ (secret). */
  token: z.string().min(8).describe('API token of __Name__ (a secret: never logged or recorded)'),
  ...mongoInventoryParameters,
  /** Apply the sync in one transaction. */
  transaction: z.boolean().default(false).describe('apply the whole sync in one transaction (all or nothing)'),
});

/** The validated parameters of the __Name__ job. */
export type __Name__Parameters = z.output<typeof __name_camel__Parameters>;
