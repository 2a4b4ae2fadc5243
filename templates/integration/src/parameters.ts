// Parameters shared by the __Name__ jobs (zod): where the API is, its token (a secret) and the JSON file of the other side.
import { z } from 'zod';

/** Parameters of the __Name__ jobs. */
export const __name_camel__Parameters = z.object({
  /** Base URL of the __Name__ API. */
  baseUrl: z.string().url().default('http://127.0.0.1:8080/api').describe('base URL of the __Name__ API'),
  /** API token of __Name__ (secret). */
  token: z.string().min(8).describe('API token of __Name__ (a secret: never logged or recorded)'),
  /** The JSON file that stands for the other side. */
  file: z.string().min(1).default('.ssot/__name__/records.json').describe('JSON file of the other side: { "<model>": [records] }'),
});

/** The validated parameters of the __Name__ jobs. */
export type __Name__Parameters = z.output<typeof __name_camel__Parameters>;
