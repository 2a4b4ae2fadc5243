// Parameters shared by the ZzTmp jobs (zod): where the API is, its token (a secret) and the JSON file of the other side.
import { z } from 'zod';

/** Parameters of the ZzTmp jobs. */
export const zzTmpParameters = z.object({
  /** Base URL of the ZzTmp API. */
  baseUrl: z.string().url().default('http://127.0.0.1:8080/api').describe('base URL of the ZzTmp API'),
  /** API token of ZzTmp (secret). */
  token: z.string().min(8).describe('API token of ZzTmp (a secret: never logged or recorded)'),
  /** The JSON file that stands for the other side. */
  file: z.string().min(1).default('.ssot/zz-tmp/records.json').describe('JSON file of the other side: { "<model>": [records] }'),
});

/** The validated parameters of the ZzTmp jobs. */
export type ZzTmpParameters = z.output<typeof zzTmpParameters>;
